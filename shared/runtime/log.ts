/**
 * Structured logs for the Lambda handlers: one JSON object per line on stdout
 * (CloudWatch Logs keeps each line as one event, and Logs Insights reads the
 * fields), or, for a person running a function locally, one short line of
 * text. Every line passes through the webhook scrubber: a Slack webhook URL is
 * a secret and never reaches a log, whoever put it in a message.
 */
import { redactWebhooks } from '../alerts/webhook-url.ts';
import type { LogFormat, LogLevel } from './env.ts';

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
  /** json (default) or text. */
  format?: LogFormat;
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
  const text = options.format === 'text';
  const make = (base: LogFields): RuntimeLogger => {
    const log = (at: LogLevel) => (event: string, fields: LogFields = {}) => {
      if (ORDER[at] < ORDER[level]) return;
      const line = text ? textLine(at, event, serialise(fields), now()) : JSON.stringify({ time: now().toISOString(), level: at, msg: event, ...base, ...serialise(fields) });
      write(redactWebhooks(line));
    };
    return {
      debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

const MARKS: Record<LogLevel, string> = { debug: '·', info: '·', warn: '!', error: '✗' };

/** A value in a text line: plain for scalars, compact JSON for small objects, an error by its message. */
function textValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return String(value);
  const message = (value as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  const json = JSON.stringify(value);
  return json.length <= 120 ? json : `${json.slice(0, 117)}…`;
}

/**
 * One log line for a person: time, a mark for the level, the event's own
 * `message` (or its name read as words: "scan_started" → "scan started"), then
 * the other fields. Also the CLI's progress lines (cli/console-logger.ts).
 */
export function textLine(at: LogLevel, event: string, fields: LogFields, time?: Date): string {
  const { message, ...rest } = fields;
  const parts = Object.entries(rest).flatMap(([key, value]) => {
    const shown = textValue(value);
    return shown === null ? [] : [`${key}=${shown}`];
  });
  const words = typeof message === 'string' ? message : event.replaceAll('_', ' ');
  return `${time ? `${time.toISOString().slice(11, 19)} ` : '  '}${MARKS[at]} ${words}${parts.length ? ` (${parts.join(', ')})` : ''}`;
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
