import type { Database } from '../kit/database';
import type { FaultRegistry } from '../kit/fault-registry';

/** Widgetify's lab faults (issue 3). */
export function registerWidgetifyFaults(_faults: FaultRegistry, _parts: { db: Database }): void {}
