/**
 * Reading a file a user named on the command line, the same way for every
 * command that reads documents (parse-report, extract-news): the same error
 * codes for the same fault, a size cap checked before anything is loaded, and
 * an empty file refused rather than read as a document with nothing in it.
 * What a command then finds in the bytes (not_pdf, not_text…) is its own.
 */
import { readFile, stat } from 'node:fs/promises';
import { WatchError } from '#shared/domain/errors.ts';

export const INPUT_FILE_ERROR_CODES = ['not_found', 'is_directory', 'permission_denied', 'unreadable', 'empty', 'too_large'] as const;
export type InputFileErrorCode = (typeof INPUT_FILE_ERROR_CODES)[number];

export class InputFileError extends WatchError<InputFileErrorCode> {
  override name = 'InputFileError';
  constructor(code: InputFileErrorCode, message: string) {
    super(code, message);
  }

  toJSON(): { code: InputFileErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** The codes and what they mean, for a command's --help. */
export const INPUT_FILE_ERRORS_HELP = `  not_found          no such file
  is_directory       a folder, not a file
  permission_denied  the file cannot be opened for reading
  unreadable         reading it failed
  empty              the file is empty
  too_large          over --max-bytes`;

function describeFsError(error: unknown, path: string): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new InputFileError('not_found', `no such file: ${path}`);
  if (code === 'EISDIR') return new InputFileError('is_directory', `${path} is a folder, not a file`);
  if (code === 'EACCES' || code === 'EPERM') return new InputFileError('permission_denied', `permission denied: ${path}`);
  return new InputFileError('unreadable', `cannot read ${path} (${code ?? (error as Error).message})`);
}

/** Reads a file within the size cap, without loading one that is over it. */
export async function readInputFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputFileError('is_directory', `${path} is a folder, not a file`);
    if (!info.isFile()) throw new InputFileError('unreadable', `${path} is not a regular file`);
    size = info.size;
  } catch (error) {
    throw error instanceof InputFileError ? error : describeFsError(error, path);
  }
  if (size === 0) throw new InputFileError('empty', `${path} is empty`);
  if (size > maxBytes) throw new InputFileError('too_large', `file is ${size} bytes, over the ${maxBytes}-byte limit`);
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw describeFsError(error, path);
  }
}
