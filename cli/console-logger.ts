import type { LogFields, Logger } from '#shared/runtime/log.ts';
import type { CliIo } from './command.ts';

/**
 * Progress and warnings for a person at a terminal: one short line each on
 * stderr. An event's `message` field is its text when it has one; otherwise
 * its name is read as words ("time_budget_reached" → "time budget reached").
 */
export function consoleLogger(io: CliIo, options: { verbose: boolean }): Logger {
  const line = (mark: string, event: string, fields: LogFields = {}) => {
    const { message, ...rest } = fields;
    const parts = Object.entries(rest)
      .filter(([, value]) => value !== undefined && value !== null && typeof value !== 'object')
      .map(([key, value]) => `${key}=${String(value)}`);
    const text = typeof message === 'string' ? message : event.replaceAll('_', ' ');
    io.err(`  ${mark} ${text}${parts.length ? ` (${parts.join(', ')})` : ''}`);
  };
  return {
    debug: () => undefined,
    info: (event, fields) => {
      if (options.verbose) line('·', event, fields);
    },
    warn: (event, fields) => line('!', event, fields),
    error: (event, fields) => line('✗', event, fields),
  };
}
