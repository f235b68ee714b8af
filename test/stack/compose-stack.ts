import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../lab/free-port';
import { commandPath, readYaml, REPO_ROOT } from './stack-files';

interface ComposeFile {
  services: Record<string, { build?: string; ports?: string[]; volumes?: string[] }>;
}

/** `docker compose` (v2) when the plugin answers, else `docker-compose` (v1), else null. */
export function composeCommand(): string[] | null {
  const docker = commandPath('docker');
  if (docker && spawnSync(docker, ['compose', 'version'], { encoding: 'utf8' }).status === 0) return [docker, 'compose'];
  const v1 = commandPath('docker-compose');
  return v1 ? [v1] : null;
}

/** Whether a Docker engine answers (`docker info`), with the reason when it does not. */
export function dockerEngine(): { ok: true } | { ok: false; reason: string } {
  const docker = commandPath('docker');
  if (!docker) return { ok: false, reason: 'no docker client on PATH' };
  const info = spawnSync(docker, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  return info.status === 0 ? { ok: true } : { ok: false, reason: (info.stderr || 'docker info failed').trim().split('\n')[0]! };
}

/** Below Linux's ephemeral range (32768-60999): the other tests' port-0 listeners cannot take it before compose binds it. */
const STATIC_PORTS = { from: 20_000, to: 32_000 };

/**
 * The repository's docker-compose.yml run as a separate project for a test: host ports become
 * other free ones (other stacks on this machine may hold 3000, 9090, 4101...; once, a port
 * chosen with port 0 was taken by the time compose bound it), fixed like the
 * shipped file's so that a restarted container keeps its address; relative paths absolute.
 * Everything else is the file as shipped.
 */
export class ComposeStack {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'outage-lab-stack-'));
  private readonly file = path.join(this.dir, 'docker-compose.yml');

  private constructor(
    readonly project: string,
    private readonly command: string[],
    private readonly env: Record<string, string>,
    compose: ComposeFile,
  ) {
    writeFileSync(this.file, stringify(compose));
  }

  static async create(project: string, command: string[], env: Record<string, string>): Promise<ComposeStack> {
    const compose = readYaml<ComposeFile>('docker-compose.yml');
    for (const service of Object.values(compose.services)) {
      if (service.build) service.build = path.resolve(REPO_ROOT, service.build);
      const ports: string[] = [];
      for (const p of service.ports ?? []) ports.push(p.replace(/^127\.0\.0\.1:\d+:/, `127.0.0.1:${await freePort(STATIC_PORTS)}:`));
      if (service.ports) service.ports = ports;
      service.volumes = service.volumes?.map((v) => (v.startsWith('./') ? path.resolve(REPO_ROOT, v) : v));
    }
    return new ComposeStack(project, command, env, compose);
  }

  /** Runs a compose sub-command; throws with its output when it fails. */
  run(args: string[], timeoutMs = 300_000): string {
    const [bin, ...pre] = this.command;
    const result = spawnSync(bin!, [...pre, '-p', this.project, '-f', this.file, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env },
    });
    if (result.status !== 0) {
      throw new Error(`compose ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
    return result.stdout;
  }

  /** Stops and removes the project's containers, networks and volumes, and the temporary file. */
  down(): void {
    try {
      this.run(['down', '-v', '--remove-orphans', '-t', '5'], 120_000);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
