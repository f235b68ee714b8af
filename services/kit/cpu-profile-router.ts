import { Session } from 'node:inspector';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from './errors';
import { diagnosisFileName, type DiagnosisOptions } from './heap-snapshot-router';
import { parse } from './validation';

const profileQuery = z.object({
  seconds: z.coerce.number().min(1).max(120).default(10),
  /** Microseconds between samples; V8's default is 1000. */
  intervalUs: z.coerce.number().int().min(100).max(100_000).default(1_000),
});

/** The parts of a V8 CPU profile (the `.cpuprofile` DevTools and speedscope open) the scrubber touches. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; scriptId: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

let recording = false;

/**
 * GET /?seconds=10 (mounted at /__lab/cpu-profile, the learner's token is enough): records a CPU
 * profile of the service for that long, through an inspector session inside the process (no
 * inspector port is opened), and answers the `.cpuprofile` JSON. Sampling costs the service little;
 * it keeps serving meanwhile. One profile at a time (409 PROFILE_IN_PROGRESS).
 */
export function cpuProfileRouter({ service, logger, rules, record }: DiagnosisOptions): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { seconds, intervalUs } = parse(profileQuery, req.query);
    if (recording) throw new AppError('PROFILE_IN_PROGRESS');
    recording = true;
    const session = new Session();
    try {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: intervalUs });
      await post(session, 'Profiler.start');
      await sleep(seconds * 1000);
      const { profile } = (await post(session, 'Profiler.stop')) as { profile: CpuProfile };
      const redacted = scrubProfile(profile, rules().matches);
      res.setHeader('content-disposition', `attachment; filename="${diagnosisFileName(service, 'cpuprofile')}"`);
      res.setHeader('cache-control', 'no-store');
      res.json(profile);
      logger.info({ seconds, samples: profile.samples?.length ?? 0, redacted }, 'cpu profile sent');
      record?.(req, res, 'cpu-profile', `${seconds} s, ${profile.samples?.length ?? 0} samples`);
    } finally {
      session.disconnect();
      recording = false;
    }
  });
  return router;
}

/** Blanks the function names and script URLs the rules catch; returns how many frames it changed. */
export function scrubProfile(profile: CpuProfile, matches: (text: string) => boolean): number {
  let redacted = 0;
  for (const { callFrame } of profile.nodes) {
    if (matches(callFrame.functionName) || matches(callFrame.url)) {
      callFrame.functionName = '(redacted)';
      callFrame.url = '';
      redacted++;
    }
  }
  return redacted;
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result)));
  });
}
