/**
 * Structured logs for the Lambda handlers: one JSON object per line on stdout
 * (CloudWatch Logs keeps each line as one event, and Logs Insights reads the
 * fields). Every line passes through the webhook scrubber: a Slack webhook
 * URL is a secret and never reaches a log, whoever put it in a message.
 */
import { redactWebhooks } from '../alerts/webhook-url.ts';
import type { LogLevel } from './env.ts';

export type LogFields = Record<string, unknown>;

/**
 * The one logger contract, for jobs, clients and commands alike: an event name
 * in snake_case (`scan_started`, `http_retry`, `alert_sent`) and the data in
 * fields, never in the name. Jobs take it as a parameter.
 */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** The handlers' logger: JSON lines, and children that add fields to every line. */
export interface RuntimeLogger extends Logger {
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): RuntimeLogger;
}

/** A logger that drops everything (tests and quiet runs). */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Fields on every line, e.g. { function: 'ofsted-scan', requestId }. */
  base?: LogFields;
  write?: (line: string) => void;
  now?: () => Date;
}

export const stdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function createLogger(options: LoggerOptions = {}): RuntimeLogger {
  const level = options.level ?? 'info';
  const write = options.write ?? stdoutLine;
  const now = options.now ?? (() => new Date());
  const make = (base: LogFields): RuntimeLogger => {
    const log = (at: LogLevel) => (event: string, fields: LogFields = {}) => {
      if (ORDER[at] < ORDER[level]) return;
      const line = { time: now().toISOString(), level: at, msg: event, ...base, ...serialise(fields) };
      write(redactWebhooks(JSON.stringify(line)));
    };
    return {
      debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** Errors as their name, message, code and stack (JSON.stringify drops them otherwise). */
function serialise(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? describeError(value) : value;
  return out;
}

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, retryable } = error as { code?: unknown; retryable?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(retryable !== undefined ? { retryable } : {}),
    ...(error.stack ? { stack: error.stack.split('\n').slice(0, 8).join('\n') } : {}),
  };
}
