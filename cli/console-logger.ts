import type { Logger } from '#shared/crawl/scan.ts';
import type { CliIo } from './command.ts';

/** Progress and warnings for a person at a terminal: one short line each on stderr. */
export function consoleLogger(io: CliIo, options: { verbose: boolean }): Logger {
  const fieldsText = (fields?: Record<string, unknown>) => {
    if (!fields) return '';
    const parts = Object.entries(fields)
      .filter(([, value]) => value !== undefined && value !== null && typeof value !== 'object')
      .map(([key, value]) => `${key}=${String(value)}`);
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  return {
    info: (message, fields) => {
      if (options.verbose) io.err(`  · ${message}${fieldsText(fields)}`);
    },
    warn: (message, fields) => io.err(`  ! ${message}${fieldsText(fields)}`),
    error: (message, fields) => io.err(`  ✗ ${message}${fieldsText(fields)}`),
  };
}
