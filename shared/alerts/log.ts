/**
 * Structured logs for delivery: one JSON object per line, with an `event` name
 * and fields. Operator warnings (a dead webhook, an alert in doubt) are `warn`.
 * The JSON logger scrubs anything shaped like a webhook URL as a last defence;
 * callers must not pass one in the first place.
 */
import { redactWebhooks } from './webhook-url.ts';

export type LogFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), now: () => Date = () => new Date()): Logger {
  const log = (level: string) => (event: string, fields: LogFields = {}) =>
    write(redactWebhooks(JSON.stringify({ time: now().toISOString(), level, event, ...fields })));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
