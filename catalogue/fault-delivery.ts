import type { z } from 'zod';
import type { SettingValue } from '../services/kit/deployment/deployment-state';

/**
 * How a fault reaches its service: not as a switch inside the service, but as what production
 * would see arrive — a release (a version and the changelog line its team wrote) or a configuration
 * change outside any release — carrying the configuration that sets the bug off. The service only
 * ever learns the release or the change; the fault's name, its description and these definitions
 * stay on the instructor's side (services/<name>/faults.ts, never loaded by a service process).
 */
export type FaultArrival =
  | { release: { version: string; changelog: string } }
  | { config: { note: string } };

export interface FaultDelivery<S extends z.ZodObject = z.ZodObject> {
  /** What the fault does, for instructors. */
  description: string;
  /** Its parameters (services/<name>/fault-params.ts). */
  params: S;
  arrives: FaultArrival;
  /** The configuration it brings (the service's code paths and settings), from its parameters. */
  changes(params: z.infer<S>): Record<string, SettingValue>;
  /** Which setting holds each parameter, to read them back from the service. */
  paramKeys: { [K in keyof z.infer<S>]?: string };
  /** Whether the cause is there in this configuration: false once rolled back or set right. */
  present(config: Record<string, SettingValue>): boolean;
}

/** Keeps a delivery's parameter type while a catalogue holds them side by side. */
export function deliverFault<S extends z.ZodObject>(delivery: FaultDelivery<S>): FaultDelivery {
  return delivery as unknown as FaultDelivery;
}
