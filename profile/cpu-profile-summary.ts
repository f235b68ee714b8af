import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from '../services/kit/cpu-profile-router';

export interface FunctionTime {
  functionName: string;
  /** file:line, relative to the working directory when it is below it. */
  location: string;
  selfMs: number;
  /** Share of the samples that were not idle. */
  share: number;
}

export interface ProfileSummary {
  durationMs: number;
  samples: number;
  /** Time V8 spent idle (waiting for I/O or timers), collecting garbage, and in its own code. */
  idleMs: number;
  gcMs: number;
  programMs: number;
  /** Functions by self time, heaviest first (V8's pseudo-frames left out). */
  top: FunctionTime[];
}

const PSEUDO = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);

/**
 * Self time per function of a V8 CPU profile: each sample's time (its timeDelta) goes to the
 * function on top of the stack, and the nodes of one function (same name, script and line) are
 * added up, as DevTools' Bottom-Up view does.
 */
export function summariseProfile(profile: CpuProfile, cwd = process.cwd()): ProfileSummary {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // The time until the next sample belongs to this one (the last sample gets the average).
    const us = i + 1 < deltas.length ? deltas[i + 1]! : (profile.endTime - profile.startTime) / Math.max(1, samples.length);
    selfByNode.set(samples[i]!, (selfByNode.get(samples[i]!) ?? 0) + Math.max(0, us));
  }
  const functions = new Map<string, FunctionTime>();
  let idle = 0;
  let gc = 0;
  let program = 0;
  for (const [id, us] of selfByNode) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) continue;
    if (PSEUDO.has(frame.functionName)) {
      if (frame.functionName === '(idle)') idle += us;
      else if (frame.functionName === '(garbage collector)') gc += us;
      else program += us;
      continue;
    }
    const location = `${displayPath(frame.url, cwd)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${location}`;
    const entry = functions.get(key) ?? { functionName: frame.functionName || '(anonymous)', location, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
  }
  const busyMs = [...functions.values()].reduce((sum, f) => sum + f.selfMs, 0) + (gc + program) / 1000;
  const top = [...functions.values()]
    .map((f) => ({ ...f, selfMs: Math.round(f.selfMs * 10) / 10, share: busyMs > 0 ? f.selfMs / busyMs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return {
    durationMs: Math.round((profile.endTime - profile.startTime) / 1000),
    samples: samples.length,
    idleMs: Math.round(idle / 1000),
    gcMs: Math.round(gc / 1000),
    programMs: Math.round(program / 1000),
    top,
  };
}

export function formatProfileSummary(summary: ProfileSummary, top = 10): string {
  const busy = summary.durationMs - summary.idleMs;
  const lines = [
    `${(summary.durationMs / 1000).toFixed(1)} s recorded, ${summary.samples.toLocaleString('en-US')} samples: busy ${ms(busy)} (garbage collection ${ms(summary.gcMs)}), idle ${ms(summary.idleMs)}`,
    '',
    `Top ${Math.min(top, summary.top.length)} functions by self time (time on top of the stack, not counting what they called):`,
    '',
    '   self ms   share  function',
  ];
  for (const f of summary.top.slice(0, top)) {
    lines.push(`  ${f.selfMs.toFixed(1).padStart(8)}  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.functionName}  ${f.location}`);
  }
  return lines.join('\n');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`;
}

/** A script URL as a path to open: relative below the working directory; Node's own modules as they are. */
function displayPath(url: string, cwd: string): string {
  if (!url) return '(native)';
  if (!url.startsWith('file://')) return url;
  const file = fileURLToPath(url);
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
