import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_PORT_BASE } from '../../catalogue/service-catalogue';
import { servicePortsText } from '../../lab/lab-ports';
import { labDir } from '../../lab/lab-state';
import { renderBrief } from '../../scenarios/brief';
import { loadScenario, scenarios } from '../../scenarios/definitions';
import { writeDebriefReport } from '../../scenarios/report/debrief-report';
import { RunClock, minutesSeconds } from '../../scenarios/run-clock';
import { planRun } from '../../scenarios/run-plan';
import type { RunRecord } from '../../scenarios/run-record';
import { readHintsShown } from '../../scenarios/run/hints-shown';
import { playedScenario } from '../../scenarios/run/played-scenario';
import { readRecord } from '../../scenarios/run/record-file';
import { markIfAbandoned } from '../../scenarios/run/abandoned-run';
import { abandonedLine, settleCurrentRun } from '../../scenarios/run/current-run';
import { runScenario } from '../../scenarios/run/scenario-runner';
import { openDockerTarget } from '../../scenarios/targets/docker-target';
import type { LabTarget } from '../../scenarios/targets/lab-target';
import { openLocalTarget } from '../../scenarios/targets/local-target';
import { UserError } from '../../common/user-error';
import { parseDurationMs } from '../../load/duration';
import { portBase, positiveInt } from '../option-parsers';
import { terminalProgress } from '../scenario-progress';
import { addScenarioFileCommands } from './scenario-files';

interface RunOptions {
  speed: number;
  quick?: boolean;
  faultParam: Record<string, number>;
  seed: number;
  out?: string;
  target: 'local' | 'docker';
  dir: string;
  portBase?: number;
  prometheus: 'auto' | 'off';
  prometheusPort?: number;
  fresh: boolean;
  progress: boolean;
  json?: boolean;
  drill?: boolean;
  timeLimit?: number;
}

/** `--time-limit 20m`: a duration (ms, s, m, h; a plain number is seconds), up to a day. */
function timeLimit(value: string): number {
  const ms = parseDurationMs(value);
  if (!Number.isFinite(ms) || ms <= 0 || ms > 86_400_000) throw new InvalidArgumentError('expected a duration such as 90s, 20m or 1h (up to 24h)');
  return ms;
}

function speed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100) throw new InvalidArgumentError('expected a number above 0 and up to 100');
  return n;
}

/** `name=value` (a number), collected over repeated options. */
function faultParam(value: string, previous: Record<string, number>): Record<string, number> {
  const m = /^([A-Za-z][\w]*)=(-?\d+(?:\.\d+)?)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected name=number, e.g. batchSize=5000');
  return { ...previous, [m[1]!]: Number(m[2]) };
}

/** The run's plan; what the plan refuses (a speed too high, a fault parameter the fault lacks) in one line. */
function planOrRefuse(...args: Parameters<typeof planRun>): ReturnType<typeof planRun> {
  try {
    return planRun(...args);
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** `outage-lab scenario list|brief|run|report`: the incidents, played against the lab. */
export function scenarioCommand(): Command {
  const scenario = new Command('scenario').description(`play one of the ${scenarios().length} incidents against the lab, and debrief it`);

  scenario
    .command('list')
    .description('the scenarios, with their service and how long they last')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const rows = scenarios().map((s) => ({
        name: s.name,
        title: s.title,
        service: s.service,
        durationS: planRun(s, { speed: 1, quick: false }).totalMs / 1000,
        quickDurationS: planRun(s, { speed: 1, quick: true }).totalMs / 1000,
        affectedUsersShare: s.incident.affectedUsersShare,
      }));
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows) {
        console.log(`${r.name.padEnd(28)} ${r.service.padEnd(11)} ${minutesSeconds(r.durationS * 1000).padStart(5)} (quick ${minutesSeconds(r.quickDurationS * 1000)})  ${r.title}`);
      }
    });

  scenario
    .command('brief')
    .description("print the learners' brief of a scenario (what the pager and the users said; never the cause)")
    .argument('<name>', 'a scenario (see `outage-lab scenario list`) or a scenario file (./my-incident.yaml)')
    .action(async (name: string) => {
      process.stdout.write(renderBrief((await loadScenario(name)).scenario));
    });

  scenario
    .command('run')
    .description('play a scenario: traffic, the fault and red herrings phase by phase, recording what really happens')
    .argument('<name>', 'a scenario (see `outage-lab scenario list`) or a scenario file (./my-incident.yaml: docs/writing-a-scenario.md)')
    .option('--speed <factor>', 'compress time: phases last 1/factor as long and the fault is that much faster', speed, 1)
    .option('--quick', 'a short arc (1-2 minutes) for tests and demos')
    .option('--seed <n>', 'seed of the simulated users and their requests', integer, 1)
    .option('--fault-param <name=value>', "set a parameter of the scenario's fault, over its definition and --speed (repeatable), e.g. batchSize=5000", faultParam, {})
    .option('--drill', 'the learners respond: the runner plays the incident but never the stop-gap or the fix; it ends when they remove the cause and the objective holds again, or at the time limit')
    .option('--time-limit <duration>', 'a drill ends here at the latest (from the start; then the runner plays the fix): e.g. 20m (default 20m at speed 1; --quick: the arc and 90 s)', timeLimit)
    .option('--out <dir>', 'the run folder (default runs/<time>-<scenario>)')
    .addOption(new Option('--target <where>', 'the embedded lab (local processes) or the compose stack').choices(['local', 'docker']).default('local'))
    .option('--dir <path>', 'the lab folder (state, logs, the latest run)', labDir())
    .option('--port-base <n>', `local: the lab on these ports (services on ${servicePortsText()}), started for the run when none is up (0 = free ports; default ${DEFAULT_PORT_BASE})`, portBase)
    .addOption(new Option('--prometheus <mode>', 'auto: a Prometheus (the stack\'s, or a private one if installed) raises the alerts; off: the runner does').choices(['auto', 'off']).default('auto'))
    .option('--prometheus-port <n>', 'port of the private Prometheus (default: a free one)', positiveInt)
    .option('--no-fresh', 'do not restart the service before the baseline')
    .option('--no-progress', 'no live status line')
    .option('--json', 'print the final record summary as JSON')
    .action(async (name: string, opts: RunOptions) => {
      const { scenario: definition, text: scenarioText } = await loadScenario(name);
      const clock = new RunClock();
      const outDir = path.resolve(opts.out ?? path.join('runs', `${clock.stamp(Date.now())}-${definition.name}`));
      if (existsSync(path.join(outDir, 'run.json'))) throw new UserError(`${outDir} already holds a run: choose another --out`);
      const progress = terminalProgress(process.stderr, opts.progress);
      if (opts.timeLimit !== undefined && !opts.drill) throw new UserError('--time-limit is for drills: add --drill');
      const plan = planOrRefuse(definition, {
        speed: opts.speed,
        quick: Boolean(opts.quick),
        faultParams: opts.faultParam,
        ...(opts.drill ? { drill: { timeLimitMs: opts.timeLimit } } : {}),
      });
      progress.event(
        `${definition.title} (${definition.name}) on ${definition.service}: ${plan.drill ? `drill, time limit ${minutesSeconds(plan.totalMs)}` : minutesSeconds(plan.totalMs)} at speed ${opts.speed}${opts.quick ? ', quick' : ''}`,
      );

      const abandoned = await settleCurrentRun(opts.dir);
      if (abandoned) progress.event(abandonedLine(abandoned));
      const abort = new AbortController();
      const onSigint = (): void => {
        if (abort.signal.aborted) return;
        progress.event('interrupted: stopping the traffic and switching the faults off…');
        abort.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      let target: LabTarget | undefined;
      try {
        target =
          opts.target === 'docker'
            ? await openDockerTarget()
            : await openLocalTarget({ dir: opts.dir, portBase: opts.portBase ?? DEFAULT_PORT_BASE, portBaseGiven: opts.portBase !== undefined, onProgress: (m) => progress.event(m) });
        progress.event(`target: ${target.description}; run folder ${path.relative(process.cwd(), outDir) || outDir}`);
        const record = await runScenario({
          scenario: definition,
          plan,
          target,
          seed: opts.seed,
          outDir,
          labFolder: opts.dir,
          prometheus: opts.prometheus,
          prometheusPort: opts.prometheusPort,
          fresh: opts.fresh,
          signal: abort.signal,
          progress,
          clock,
          scenarioText,
        });
        printSummary(record, outDir, Boolean(opts.json));
        if (record.status === 'interrupted') process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        await target?.close();
      }
    });

  scenario
    .command('report')
    .description('write (again) the debrief report of a run folder: report.html, one self-contained page')
    .argument('<folder>', 'a run folder (with run.json)')
    .action(async (folder: string) => {
      let record: RunRecord;
      try {
        record = (await markIfAbandoned(folder)) ?? (await readRecord(folder));
        if (record.status === 'abandoned') console.error(abandonedLine(record, folder));
      } catch (err) {
        throw new UserError(`cannot read the run record in ${folder}: ${(err as Error).message.split('\n')[0]}`);
      }
      const definition = await playedScenario(folder, record.scenario);
      const file = await writeDebriefReport(folder, record, definition, { hintsShown: await readHintsShown(folder) });
      console.log(file);
    });

  addScenarioFileCommands(scenario);
  return scenario;
}

function printSummary(record: RunRecord, outDir: string, json: boolean): void {
  const summary = {
    status: record.status,
    runFolder: outDir,
    faultWindow: record.faultWindow,
    usersAffected: record.impact.users,
    requestsAffected: record.impact.requests,
    errorShare: record.impact.errorShare,
    firstSloBreach: record.firstSloBreach,
    firstAlert: record.firstAlert,
    peakHeapUsedBytes: record.resources.peakHeapUsedBytes,
    restarts: record.resources.restarts,
    oomKills: record.resources.oomKills,
    ...(record.drill ? { drill: record.drill, response: record.response } : {}),
  };
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const pct = (s: number) => `${(s * 100).toFixed(1)}%`;
  console.log(`\n${record.title}: ${record.status}`);
  console.log(`  fault window      ${record.faultWindow.start ?? '—'} → ${record.faultWindow.end ?? '—'}`);
  console.log(`  users affected    ${pct(record.impact.users.share)} (${record.impact.users.affected} of ${record.impact.users.total}); requests ${pct(record.impact.requests.share)}; failed ${pct(record.impact.errorShare)}`);
  console.log(`  first SLO breach  ${record.firstSloBreach ? `${record.firstSloBreach.at}: ${record.firstSloBreach.detail}` : 'none'}`);
  console.log(`  first alert       ${record.firstAlert ? `${record.firstAlert.name} at ${record.firstAlert.at} (${record.firstAlert.source})` : 'none'}`);
  console.log(`  peak heap         ${(record.resources.peakHeapUsedBytes / 1048576).toFixed(0)} MB; restarts ${record.resources.restarts}, out-of-memory deaths ${record.resources.oomKills}`);
  const machine = record.machine;
  if (machine) {
    // How busy the machine was, so that a share measured on a loaded laptop is read as such.
    const stalls = machine.generatorStalls;
    console.log(
      `  machine           load ${machine.loadAverage1m.start} → ${machine.loadAverage1m.end ?? '—'} on ${machine.cores} cores; CPU probe ${machine.cpuProbe.factor}× an idle core` +
        (stalls ? `; load generator stalled ${stalls.count}× (${(stalls.totalMs / 1000).toFixed(1)} s, longest ${stalls.longestMs} ms), left out of ${stalls.requestsTouched} requests' latency` : ''),
    );
  }
  if (record.drill) {
    const outcome = record.drill.outcome === 'resolved' ? `resolved by the learners at ${record.response?.resolvedAt}` : record.drill.outcome === 'unresolved' ? 'unresolved: the runner played the fix at the time limit' : 'interrupted';
    console.log(`  drill             ${outcome}${record.drill.endedBy === 'objective-held' ? '; the objective held again' : ''}`);
    const r = record.response;
    if (r) {
      const t = (ms: number | null) => (ms === null ? '—' : minutesSeconds(ms));
      console.log(`  response          acknowledged ${t(r.timeToAcknowledgeMs)}${r.acknowledgedBy ? ` (${r.acknowledgedBy})` : ''}, mitigated ${t(r.timeToMitigateMs)}, resolved ${t(r.timeToResolveMs)} (${r.resolvedBy}) after the fault went on; ${plural(r.restarts, 'restart')}, ${plural(r.harmlessRollbacks, 'harmless rollback')}`);
      if (r.resolvedWith) console.log(`  cause removed by  ${r.resolvedWith}`);
    }
  }
  console.log(`  record            ${path.join(outDir, 'run.json')}`);
  console.log(`  debrief           ${path.join(outDir, 'report.html')}`);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
