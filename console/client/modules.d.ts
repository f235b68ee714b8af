/** d3-flame-graph ships no typings; the part of its API the console uses. */
declare module 'd3-flame-graph' {
  export interface FlameNode {
    name: string;
    value: number;
    children?: FlameNode[];
  }
  export interface FlameGraph {
    (selection: unknown): void;
    width(w: number): FlameGraph;
    cellHeight(h: number): FlameGraph;
    minFrameSize(px: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    sort(sort: boolean): FlameGraph;
    title(title: string): FlameGraph;
    inverted(inverted: boolean): FlameGraph;
  }
  export default function flamegraph(): FlameGraph;
}

/** d3-selection (d3-flame-graph's own dependency): selecting the element the flame graph draws into. */
declare module 'd3-selection' {
  export function select(element: Element): { datum(data: unknown): { call(fn: unknown): void } };
}
