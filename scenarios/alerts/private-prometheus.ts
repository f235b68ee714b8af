import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, openSync, closeSync, readdirSync } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import YAML from 'yaml';
import { packageRoot } from '../package-root';
import { freePort } from '../../lab/free-port';
import { orphanWatchdog } from '../../lab/orphan-watchdog';

/**
 * A Prometheus of the run's own for the embedded lab (when the `prometheus` binary is installed:
 * Debian's package, or PROMETHEUS_BIN): it scrapes the lab every 2 s with the classroom stack's
 * alert rules, so the run's first alert is the one Prometheus would raise.
 */

export interface ScrapeTarget {
  /** the `service` label: the lab service's name, or `postgres` for the database exporter */
  service: string;
  /** base URL; /metrics is scraped */
  url: string;
}

export interface PrivatePrometheus {
  url: string;
  ruleFiles: string[];
  stop(): Promise<void>;
}

export const SCRAPE_INTERVAL_S = 2;

export async function findPrometheusBinary(): Promise<string | null> {
  const candidates = process.env.PROMETHEUS_BIN
    ? [process.env.PROMETHEUS_BIN]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'prometheus'));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not there
    }
  }
  return null;
}

/** The classroom stack's alert rules (prometheus/rules/*.rules.yml): the same alerts in both modes. */
export function alertRuleFiles(): string[] {
  const dir = path.join(packageRoot(), 'prometheus', 'rules');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.rules.yml')).map((f) => path.join(dir, f)) : [];
  if (files.length === 0) throw new Error(`no alert rules in ${dir}`);
  return files;
}

export function prometheusConfig(targets: ScrapeTarget[], ruleFiles: string[]): string {
  return YAML.stringify({
    global: { scrape_interval: `${SCRAPE_INTERVAL_S}s`, scrape_timeout: `${SCRAPE_INTERVAL_S}s`, evaluation_interval: `${SCRAPE_INTERVAL_S}s` },
    rule_files: ruleFiles,
    scrape_configs: targets.map((t) => {
      const url = new URL(t.url);
      return {
        job_name: t.service === 'postgres' ? 'postgres' : t.service,
        // The services label their own series with `service`; keep it as they say.
        honor_labels: true,
        metrics_path: `${url.pathname.replace(/\/$/, '')}/metrics`,
        static_configs: [{ targets: [url.host], labels: { service: t.service } }],
      };
    }),
  });
}

export async function startPrivatePrometheus(options: {
  binary: string;
  targets: ScrapeTarget[];
  /** where its config and log go (the run folder) */
  dir: string;
  /** 0 picks a free port */
  port: number;
  /** OpenMetrics text with timestamps (an earlier day's traffic) to load before it starts */
  history?: string;
}): Promise<PrivatePrometheus> {
  await mkdir(options.dir, { recursive: true });
  const ruleFiles = alertRuleFiles();
  const configFile = path.join(options.dir, 'prometheus.yml');
  await writeFile(configFile, prometheusConfig(options.targets, ruleFiles));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'outage-lab-prometheus-'));
  if (options.history) await backfill(options.binary, options.history, path.join(options.dir, 'history.om.txt'), dataDir);
  const port = options.port || (await freePort());
  const logFd = openSync(path.join(options.dir, 'prometheus.log'), 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      options.binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        // (a backfilled day before must outlive the retention)
        '--storage.tsdb.retention.time=3d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
  } finally {
    closeSync(logFd);
  }
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  // Killed with SIGKILL, the run cannot stop its Prometheus: the watchdog does, and removes its data.
  orphanWatchdog.watch(child.pid, { match: 'prometheus', signal: 'SIGTERM', graceMs: 5_000, removeDir: dataDir });
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    orphanWatchdog.unwatch(child.pid);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })).ok) return { url, ruleFiles, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`prometheus did not become ready (see ${path.join(options.dir, 'prometheus.log')})`);
}


/**
 * Writes `openMetrics` into TSDB blocks in `dataDir` with promtool (installed beside prometheus),
 * so that the series are there when Prometheus opens it.
 */
async function backfill(prometheusBinary: string, openMetrics: string, file: string, dataDir: string): Promise<void> {
  await writeFile(file, openMetrics);
  const beside = path.join(path.dirname(prometheusBinary), 'promtool');
  const promtool = existsSync(beside) ? beside : 'promtool';
  await promisify(execFile)(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 });
}
