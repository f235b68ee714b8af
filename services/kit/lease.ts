/**
 * A lease: something held only while its holder keeps renewing it. When no renewal comes before
 * it expires, `onExpire` runs once (the holder is presumed dead: a scenario runner killed with
 * SIGKILL cannot switch off what it switched on). The timer does not keep the process alive.
 */
export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private expiry: number;

  constructor(
    private ttlMs: number,
    private readonly onExpire: () => void,
  ) {
    this.expiry = Date.now() + ttlMs;
    this.arm();
  }

  get expiresAt(): Date {
    return new Date(this.expiry);
  }

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Pushes the expiry `ttlMs` (default: the last one) from now. */
  renew(ttlMs = this.ttlMs): void {
    if (!this.active) return;
    this.ttlMs = ttlMs;
    this.expiry = Date.now() + ttlMs;
    clearTimeout(this.timer);
    this.arm();
  }

  /** Ends the lease without running `onExpire` (its holder let go, or the thing held went away). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onExpire();
    }, this.ttlMs);
    this.timer.unref();
  }
}
