import type { StallStats } from './generator-stalls';
import type { RequestRecord } from './request-record';
import type { UserSegmentRange } from './route-mix';
import { groupBy, summarizeTraffic, type TrafficSummary } from './summary';

export interface StageSummary extends TrafficSummary {
  name: string;
  startedAt: string;
  endedAt: string;
}

export interface LoadSummary extends TrafficSummary {
  target: string;
  seed: number;
  users: number;
  /** which users belong to which segment (of the run's mix) */
  segments: UserSegmentRange[];
  startedAt: string;
  endedAt: string;
  durationS: number;
  /** requests the shape planned up to where the load stopped */
  planned: number;
  /** planned but never sent: over the connection cap, or cut by the end of the run */
  unsent: number;
  aborted: boolean;
  byRoute: Record<string, TrafficSummary>;
  byStage: StageSummary[];
  /** The generator's own stalls over the run (its requests' generatorStallMs come from them). */
  generatorStalls?: StallStats;
}

/** What the summary needs to know about the run besides its records. */
export interface RunFacts {
  target: string;
  seed: number;
  users: number;
  segments: UserSegmentRange[];
  /** epoch ms: start, end of sending (schedule done or abort), end (last answer) */
  startedAt: number;
  sendingEnded: number;
  endedAt: number;
  planned: number;
  aborted: boolean;
  /** stage name -> epoch ms it started, in order */
  stageStarts: Map<string, number>;
  generatorStalls?: StallStats;
}

export function summarizeLoad(records: RequestRecord[], f: RunFacts): LoadSummary {
  // Throughput is over the time requests were being sent, not the wait for the last answers.
  const sendingS = (f.sendingEnded - f.startedAt) / 1000;
  const byRoute: Record<string, TrafficSummary> = {};
  for (const [route, list] of groupBy(records, (r) => r.route)) byRoute[route] = summarizeTraffic(list, sendingS);
  const byStageRecords = groupBy(records, (r) => r.stage);
  const starts = [...f.stageStarts];
  const byStage = starts.map(([name, start], i): StageSummary => {
    const end = i + 1 < starts.length ? starts[i + 1][1] : f.sendingEnded;
    return {
      name,
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(end).toISOString(),
      ...summarizeTraffic(byStageRecords.get(name) ?? [], (end - start) / 1000),
    };
  });
  return {
    target: f.target,
    seed: f.seed,
    users: f.users,
    segments: f.segments,
    startedAt: new Date(f.startedAt).toISOString(),
    endedAt: new Date(f.endedAt).toISOString(),
    durationS: (f.endedAt - f.startedAt) / 1000,
    planned: f.planned,
    unsent: Math.max(0, f.planned - records.length),
    aborted: f.aborted,
    ...summarizeTraffic(records, sendingS),
    byRoute,
    byStage,
    ...(f.generatorStalls ? { generatorStalls: f.generatorStalls } : {}),
  };
}
