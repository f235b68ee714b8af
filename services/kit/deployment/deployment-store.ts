import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deploymentStateSchema, type DeploymentState } from './deployment-state';

/**
 * Where a service keeps its deployment state so that the next process of the service (after a
 * restart, a crash, a rollback's redeploy) runs the same release and configuration, as a real
 * deploy would: a JSON file in its state folder (STATE_DIR), or memory only (tests).
 *
 * Writes are synchronous and atomic (a temporary file, then rename): they are rare and small, and
 * a process that dies right after answering must not leave half a file.
 */
export interface DeploymentStore {
  load(): DeploymentState | null;
  save(state: DeploymentState): void;
}

export class MemoryDeploymentStore implements DeploymentStore {
  private state: DeploymentState | null = null;
  load(): DeploymentState | null {
    return this.state && structuredClone(this.state);
  }
  save(state: DeploymentState): void {
    this.state = structuredClone(state);
  }
}

export class FileDeploymentStore implements DeploymentStore {
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'deployment.json');
  }

  load(): DeploymentState | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = deploymentStateSchema.safeParse(JSON.parse(text));
    // A file from another version of the service: start again from the baseline rather than fail to start.
    return parsed.success ? parsed.data : null;
  }

  save(state: DeploymentState): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

export function deploymentStore(stateDir: string | undefined): DeploymentStore {
  return stateDir ? new FileDeploymentStore(stateDir) : new MemoryDeploymentStore();
}
