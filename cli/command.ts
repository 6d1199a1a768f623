import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WatchError } from '#shared/domain/errors.ts';

/** Where a command writes. Tests pass buffers; the real CLI passes the process streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Returns the exit status. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A usage mistake: printed with a pointer to --help, exit status 2. */
export class UsageError extends WatchError<'usage'> {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * The command cannot do what was asked here and now, and says why in one line
 * (a port in use, a local data folder another command holds, output closed):
 * exit status 2, no pointer to --help (the options were right).
 */
export class MisuseError extends WatchError<'misuse'> {
  override name = 'MisuseError';
  constructor(message: string) {
    super('misuse', message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with strict checking, turning its errors into UsageError. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
