import type { Registry } from 'prom-client';
import { AppError } from '../kit/errors';
import { createExternalRequestDuration, EXTERNAL_REQUEST_DURATION_SECONDS } from '../kit/metrics/external-request-duration';
import { sharedMetric } from '../kit/metrics/service-registry';

export interface Quote {
  sku: string;
  priceCents: number;
  currency: string;
}

const DEPENDENCY = 'partner-pricing';

/** The partner's pricing API: one HTTP call per quote, with a timeout so a slow partner cannot hold requests forever. */
export class PartnerClient {
  private readonly duration;

  constructor(
    private readonly baseUrl: string,
    registry: Registry,
    /** Changed at run time by the `partner.timeoutMs` setting. */
    public timeoutMs = 2_000,
  ) {
    this.duration = sharedMetric(registry, EXTERNAL_REQUEST_DURATION_SECONDS, createExternalRequestDuration);
  }

  async quote(sku: string): Promise<Quote> {
    const end = this.duration.startTimer({ dependency: DEPENDENCY });
    try {
      const response = await fetch(`${this.baseUrl}/quotes/${encodeURIComponent(sku)}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) {
        end({ outcome: 'error' });
        throw new AppError('UPSTREAM_FAILED', `The pricing partner answered ${response.status}`);
      }
      const quote = (await response.json()) as Quote;
      end({ outcome: 'ok' });
      return quote;
    } catch (err) {
      if (err instanceof AppError) throw err;
      const timedOut = (err as Error).name === 'TimeoutError';
      end({ outcome: timedOut ? 'timeout' : 'error' });
      throw timedOut
        ? new AppError('UPSTREAM_TIMEOUT', 'The pricing partner did not answer in time', undefined, { cause: err })
        : new AppError('UPSTREAM_FAILED', 'The pricing partner could not be reached', undefined, { cause: err });
    }
  }
}
