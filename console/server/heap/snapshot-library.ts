import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../services/kit/errors';
import { downloadHeapSnapshot } from '../../../heap/snapshot-download';

export interface SnapshotInfo {
  id: string;
  service: string;
  takenAt: string;
  /** who asked for it: a learner's name, or "instructor" */
  takenBy: string;
  bytes: number;
}

/** Snapshots are tens of MB: the oldest go beyond this many (the whole class shares them). */
export const MAX_SNAPSHOTS = 12;
const ID = /^[a-z0-9-]+-\d{8}T\d{6}-\d{3}Z$/;

/**
 * Heap snapshots taken through the console, kept in `<lab>/console/heap/` with a small JSON beside
 * each (who took it, when, of what). One snapshot at a time per service (the service refuses a
 * second with 409); the library itself adds one at a time overall, to keep the lab's memory calm.
 */
export class SnapshotLibrary {
  private busy = false;

  constructor(
    readonly dir: string,
    /** the service's base URL and the token that opens its snapshot endpoint */
    private readonly target: (service: string) => { baseUrl: string; token: string } | null,
  ) {}

  fileOf(id: string): string {
    if (!ID.test(id)) throw new AppError('NOT_FOUND', 'No such snapshot');
    return path.join(this.dir, `${id}.heapsnapshot`);
  }

  async take(service: string, takenBy: string): Promise<SnapshotInfo> {
    const target = this.target(service);
    if (!target) throw new AppError('VALIDATION_FAILED', `unknown service ${service}`);
    if (this.busy) throw new AppError('SNAPSHOT_IN_PROGRESS');
    this.busy = true;
    try {
      await mkdir(this.dir, { recursive: true });
      const at = new Date();
      const id = `${service}-${at.toISOString().replace(/[-:]/g, '').replace('.', '-')}`;
      let result;
      try {
        result = await downloadHeapSnapshot({
          service,
          baseUrl: target.baseUrl,
          token: target.token,
          ...(takenBy !== 'instructor' ? { learner: takenBy } : {}),
          file: this.fileOf(id),
          answerTimeoutMs: 120_000,
        });
      } catch (err) {
        throw new AppError('UPSTREAM_FAILED', (err as Error).message);
      }
      const info: SnapshotInfo = { id, service, takenAt: at.toISOString(), takenBy, bytes: result.bytes };
      await writeFile(path.join(this.dir, `${id}.json`), JSON.stringify(info) + '\n');
      await this.prune();
      return info;
    } finally {
      this.busy = false;
    }
  }

  async list(): Promise<SnapshotInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const infos: SnapshotInfo[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        const info = JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as SnapshotInfo;
        await stat(this.fileOf(info.id));
        infos.push(info);
      } catch {
        // half-written or removed: not listed
      }
    }
    return infos.sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1));
  }

  async get(id: string): Promise<SnapshotInfo> {
    const info = (await this.list()).find((s) => s.id === id);
    if (!info) throw new AppError('NOT_FOUND', `No snapshot ${id}`);
    return info;
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    for (const old of all.slice(MAX_SNAPSHOTS)) {
      await rm(this.fileOf(old.id), { force: true });
      await rm(path.join(this.dir, `${old.id}.json`), { force: true });
    }
  }
}
