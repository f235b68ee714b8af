import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../services/kit/errors';
import { scenarios } from '../../../scenarios/definitions';
import { planRun } from '../../../scenarios/run-plan';
import type { RunRecord } from '../../../scenarios/run-record';
import { requireRole, sessionOf } from '../auth';
import type { SessionStore } from '../sessions';
import { briefHtml, type Classroom } from './classroom';
import type { RunLauncher } from './run-launcher';

const postmortemSchema = z.object({ markdown: z.string() });
const runSchema = z.object({
  scenario: z.string().min(1),
  mode: z.enum(['scripted', 'drill']).default('scripted'),
  speed: z.number().positive().max(100).default(1),
  quick: z.boolean().default(false),
  /** A drill's time limit, in minutes (default: the CLI's: 20 at speed 1, the arc and 90 s in quick). */
  timeLimitMinutes: z.number().positive().max(1_440).optional(),
});

/**
 * /api/incident and /api/postmortem (both roles; the learner sees no scenario name, title or run
 * folder: they name the cause), /api/instructor/* (the instructor only: the server refuses
 * learners with 403, whatever the page shows).
 */
export function classRouter(classroom: Classroom, launcher: RunLauncher, sessions: SessionStore): Router {
  const router = express.Router();

  router.get('/incident', async (req, res) => {
    const session = sessionOf(req)!;
    const run = await classroom.current();
    if (!run) {
      res.json({ run: null });
      return;
    }
    const [record, closed, hints] = await Promise.all([classroom.record(run), classroom.closed(run), classroom.hints(run)]);
    res.json({
      run: {
        status: record?.status ?? 'starting',
        startedAt: run.startedAt,
        closed: closed !== null,
        acknowledged: acknowledgement(record),
      },
      briefHtml: await classroom.briefHtml(run),
      hints,
      ...(session.learner ? { postmortem: await classroom.postmortem(session.learner), feedback: await classroom.feedback(session.learner) } : {}),
    });
  });

  router.put('/postmortem', requireRole('learner'), async (req, res) => {
    const parsed = postmortemSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'give {"markdown": "..."}');
    res.json(await classroom.savePostmortem(sessionOf(req)!.learner!, parsed.data.markdown));
  });

  const instructor = express.Router();
  instructor.use(requireRole('instructor'));
  instructor.get('/scenarios', (_req, res) => {
    res.json({
      scenarios: scenarios().map((s) => ({
        name: s.name,
        title: s.title,
        service: s.service,
        durationS: planRun(s, { speed: 1, quick: false }).totalMs / 1000,
        quickDurationS: planRun(s, { speed: 1, quick: true }).totalMs / 1000,
        briefHtml: briefHtml(s),
      })),
    });
  });
  instructor.post('/runs', async (req, res) => {
    const parsed = runSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (!scenarios().some((s) => s.name === parsed.data.scenario)) throw new AppError('VALIDATION_FAILED', `unknown scenario ${parsed.data.scenario}`);
    if (parsed.data.timeLimitMinutes !== undefined && parsed.data.mode !== 'drill') throw new AppError('VALIDATION_FAILED', 'timeLimitMinutes: a time limit is for drills');
    res.status(201).json(await launcher.start(parsed.data));
  });
  instructor.get('/runs/current', async (_req, res) => {
    const run = await classroom.current();
    const launched = launcher.current;
    if (!run) {
      res.json({ run: null, launched: launched ?? null, learnersOnline: sessions.learners() });
      return;
    }
    const [record, closed, hints] = await Promise.all([classroom.record(run), classroom.closed(run), classroom.hints(run)]);
    const phase = record?.phases[record.phases.length - 1];
    res.json({
      run: { ...run, closed: closed !== null, startedByConsole: launched?.runFolder === run.runFolder && launcher.running },
      launched: launched ?? null,
      learnersOnline: sessions.learners(),
      status: record
        ? {
            status: record.status,
            phase: phase ? { name: phase.name, kind: phase.kind, since: phase.start } : null,
            phases: record.phases.map((p) => ({ name: p.name, kind: p.kind, start: p.start, end: p.end })),
            usersHurt: record.impact.users,
            requestsHurt: record.impact.requests,
            slo: record.slo,
            firstSloBreach: record.firstSloBreach,
            alerts: record.alerts,
            actions: record.actions ?? [],
            response: record.response ?? null,
            drill: record.drill ?? null,
            faultWindow: record.faultWindow,
          }
        : null,
      hints: hints.map((h) => ({ tier: h.tier, at: h.at })),
      submissions: await classroom.submissions(),
    });
  });
  instructor.post('/runs/current/hints', async (_req, res) => {
    res.json(await classroom.releaseNextHint());
  });
  instructor.post('/runs/current/stop', async (_req, res) => {
    await launcher.stop();
    res.json({ stopped: true, exit: launcher.current?.exit ?? null });
  });
  instructor.post('/runs/current/close', async (_req, res) => {
    res.json(await classroom.close());
  });
  instructor.get('/runs/current/debrief', async (_req, res) => {
    const run = await classroom.requireCurrent();
    let html: string;
    try {
      html = await readFile(path.join(run.runFolder, 'report.html'), 'utf8');
    } catch {
      throw new AppError('NOT_FOUND', 'The debrief is written when the run ends');
    }
    // The report is a self-contained page with its own inline script: a sandbox (an opaque origin)
    // lets it draw, with no access to the console's cookies or API.
    res.setHeader('content-security-policy', "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
    res.type('html').send(html);
  });
  instructor.get('/runs/current/gradebook.csv', async (_req, res) => {
    const csv = await classroom.gradebook();
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="gradebook.csv"');
    res.send(csv);
  });
  router.use('/instructor', instructor);
  return router;
}

/** Who took the incident and when: a drill's response, else the first acknowledgement among the actions. */
function acknowledgement(record: RunRecord | null): { acknowledgedAt: string | null; acknowledgedBy: string | null } | null {
  if (!record) return null;
  if (record.response) return { acknowledgedAt: record.response.acknowledgedAt, acknowledgedBy: record.response.acknowledgedBy };
  const ack = (record.actions ?? []).find((a) => a.action === 'acknowledge' && a.result === 'ok');
  return ack ? { acknowledgedAt: ack.at, acknowledgedBy: ack.learner ?? `the ${ack.role}` } : null;
}
