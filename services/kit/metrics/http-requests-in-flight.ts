import { Gauge, type Registry } from 'prom-client';

export const HTTP_REQUESTS_IN_FLIGHT = 'http_requests_in_flight';

/** Requests being served now. No status label: it is not known until the response ends. */
export function createHttpRequestsInFlight(registry: Registry): Gauge<'method' | 'route'> {
  return new Gauge({
    name: HTTP_REQUESTS_IN_FLIGHT,
    help: 'HTTP requests currently being served',
    labelNames: ['method', 'route'],
    registers: [registry],
  });
}
