/**
 * What a JSON HTTP answer holds: its body parsed (undefined when empty or not JSON) and the
 * `{ error: { code, message } }` part every Outage Lab API answers a refusal with. Shared by the
 * CLI's admin client, the console's server relay and the console page, which all read such answers.
 */
export interface JsonAnswer {
  readonly body: unknown;
  readonly text: string;
  readonly error: { code?: string; message?: string } | undefined;
}

export async function readJsonAnswer(response: Response): Promise<JsonAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { body, text, error: error && typeof error === 'object' ? error : undefined };
}
