import { parser } from '@prometheus-io/lezer-promql';

/** lezer's node type as the PromQL parser's typings resolve it (its ESM build). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/**
 * PromQL text to a small expression tree, with Prometheus's own grammar (@prometheus-io/lezer-promql,
 * the parser of Prometheus's web UI) rather than a hand-written one: operator precedence, label
 * matchers and durations come out as Prometheus reads them. Only the forms the lab's dashboards and
 * alert rules use are turned into nodes; anything else is refused with the part that is not supported.
 */

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  /** the anchored regular expression, for =~ and !~ */
  re?: RegExp;
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'selector'; name: string; matchers: Matcher[]; rangeMs?: number }
  | { type: 'call'; fn: string; args: Expr[] }
  | { type: 'aggregate'; op: string; grouping: { without: boolean; labels: string[] } | null; expr: Expr }
  | { type: 'binary'; op: string; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching | null }
  | { type: 'negate'; expr: Expr };

export interface VectorMatching {
  /** on (true) or ignoring (false) */
  on: boolean;
  labels: string[];
  group: 'left' | 'right' | null;
}

export class UnsupportedQueryError extends Error {}

const BINARY_OPS = ['Pow', 'Mul', 'Div', 'Mod', 'Add', 'Sub', 'Eql', 'Gte', 'Gtr', 'Lte', 'Lss', 'Neq', 'And', 'Or', 'Unless'] as const;
const OP_TEXT: Record<(typeof BINARY_OPS)[number], string> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Add: '+', Sub: '-', Eql: '==', Gte: '>=', Gtr: '>', Lte: '<=', Lss: '<', Neq: '!=', And: 'and', Or: 'or', Unless: 'unless',
};

const cache = new Map<string, Expr>();

/** The expression tree of a PromQL text (cached: dashboards ask for the same queries every few seconds). */
export function parsePromql(text: string): Expr {
  let expr = cache.get(text);
  if (!expr) {
    const tree = parser.parse(text);
    let error: SyntaxNode | null = null;
    tree.iterate({ enter: (n) => (n.type.isError && !error ? ((error = n.node), false) : undefined) });
    if (error) throw new UnsupportedQueryError(`cannot parse the query at position ${(error as SyntaxNode).from}: ${text}`);
    expr = new Converter(text).expr(tree.topNode.firstChild!);
    cache.set(text, expr);
  }
  return expr;
}

/** The metric names an expression reads (what a scrape must keep). */
export function metricNames(expr: Expr): string[] {
  switch (expr.type) {
    case 'selector':
      return [expr.name];
    case 'call':
      return expr.args.flatMap(metricNames);
    case 'aggregate':
    case 'negate':
      return metricNames(expr.expr);
    case 'binary':
      return [...metricNames(expr.lhs), ...metricNames(expr.rhs)];
    default:
      return [];
  }
}

class Converter {
  constructor(private readonly text: string) {}

  private source(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private unsupported(node: SyntaxNode): never {
    throw new UnsupportedQueryError(`"${this.source(node)}" (${node.name}) is not supported by the lab's query engine`);
  }

  private children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'ParenExpr':
        return this.expr(this.children(node)[0]!);
      case 'NumberDurationLiteral':
        return { type: 'number', value: parseNumber(this.source(node)) };
      case 'VectorSelector':
        return this.selector(node);
      case 'MatrixSelector': {
        const [vector, duration] = this.children(node);
        const selector = this.selector(vector!);
        return { ...selector, rangeMs: parseDuration(this.source(duration!)) };
      }
      case 'FunctionCall': {
        const [id, body] = this.children(node);
        const fn = this.source(id!);
        return { type: 'call', fn, args: this.children(body!).map((c) => this.expr(c)) };
      }
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr': {
        const [op, operand] = this.children(node);
        const inner = this.expr(operand!);
        return this.source(op!) === '-' ? { type: 'negate', expr: inner } : inner;
      }
      default:
        return this.unsupported(node);
    }
  }

  private selector(node: SyntaxNode): Expr & { type: 'selector' } {
    let name = '';
    const matchers: Matcher[] = [];
    for (const child of this.children(node)) {
      if (child.name === 'Identifier') name = this.source(child);
      else if (child.name === 'LabelMatchers') {
        for (const m of this.children(child)) {
          if (m.name !== 'UnquotedLabelMatcher') this.unsupported(m);
          const [label, op, value] = this.children(m);
          const matcher: Matcher = { label: this.source(label!), op: this.source(op!) as Matcher['op'], value: parseString(this.source(value!)) };
          if (matcher.op === '=~' || matcher.op === '!~') matcher.re = new RegExp(`^(?:${matcher.value})$`);
          if (matcher.label === '__name__' && matcher.op === '=') name = matcher.value;
          else matchers.push(matcher);
        }
      } else this.unsupported(child);
    }
    if (!name) this.unsupported(node);
    return { type: 'selector', name, matchers };
  }

  private aggregate(node: SyntaxNode): Expr {
    let op = '';
    let grouping: { without: boolean; labels: string[] } | null = null;
    let body: SyntaxNode | undefined;
    for (const child of this.children(node)) {
      if (child.name === 'AggregateOp') op = this.source(child).toLowerCase();
      else if (child.name === 'AggregateModifier') {
        const [kind, labels] = this.children(child);
        grouping = { without: kind!.name === 'Without', labels: labels ? this.children(labels).map((l) => this.source(l)) : [] };
      } else if (child.name === 'FunctionCallBody') body = child;
    }
    if (!['sum', 'min', 'max', 'avg', 'count'].includes(op) || !body) this.unsupported(node);
    const args = this.children(body);
    if (args.length !== 1) this.unsupported(node);
    return { type: 'aggregate', op, grouping, expr: this.expr(args[0]!) };
  }

  private binary(node: SyntaxNode): Expr {
    const parts = this.children(node);
    const lhs = this.expr(parts[0]!);
    const rhs = this.expr(parts[parts.length - 1]!);
    let op = '';
    let bool = false;
    let matching: VectorMatching | null = null;
    for (const part of parts.slice(1, -1)) {
      if ((BINARY_OPS as readonly string[]).includes(part.name)) op = OP_TEXT[part.name as (typeof BINARY_OPS)[number]];
      else if (part.name === 'BoolModifier') bool = true;
      else if (part.name === 'MatchingModifierClause') matching = this.matching(part);
      else this.unsupported(part);
    }
    return { type: 'binary', op, lhs, rhs, bool, matching };
  }

  private matching(node: SyntaxNode): VectorMatching {
    const result: VectorMatching = { on: false, labels: [], group: null };
    for (const child of this.children(node)) {
      if (child.name === 'On') result.on = true;
      else if (child.name === 'Ignoring') result.on = false;
      else if (child.name === 'GroupingLabels' && result.group === null) result.labels = this.children(child).map((l) => this.source(l));
      else if (child.name === 'GroupLeft') result.group = 'left';
      else if (child.name === 'GroupRight') result.group = 'right';
      else this.unsupported(child);
    }
    return result;
  }
}

function parseNumber(text: string): number {
  const value = Number(text);
  if (Number.isFinite(value)) return value;
  return parseDuration(text) / 1000;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** "1m", "2m30s", "90s" -> milliseconds. */
export function parseDuration(text: string): number {
  let total = 0;
  let rest = text.trim();
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) throw new UnsupportedQueryError(`not a duration: ${text}`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

function parseString(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" })[c] ?? `\\${c}`);
}
