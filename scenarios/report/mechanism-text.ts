/**
 * A fault's mechanism as the debrief tells it: the definition's text with every `{param}` filled
 * in with the value the run used (a `--fault-param` one included), so "what really happened"
 * describes this run rather than the definition's defaults.
 */
export function describeMechanism(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => (name in params ? formatValue(params[name]) : whole));
}

function formatValue(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}
