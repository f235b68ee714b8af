import { parseMetricsText, sumOf } from '../../lab/metrics-text';

/** Scrapes a service and returns the summed value of one metric for the given labels. */
export async function scrapeValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return sumOf(parseMetricsText(text), name, labels);
}
