/**
 * Where a handler's secrets come from: Secrets Manager in AWS, or, for a local
 * run with no account, a JSON file mapping secret names to values
 * (LOCAL_SECRETS_FILE, set by `ofsted-watch invoke --secrets FILE`). The file is
 * the deployer's own and is never committed; errors never contain a value.
 */
import { readFile } from 'node:fs/promises';
import { WatchError } from '../domain/errors.ts';

/** Same shape as the alerts' SecretResolver: a secret's value by name. */
export interface SecretResolver {
  resolve(secretName: string): Promise<string>;
}

export class SecretNotFoundError extends WatchError<'secret_not_found'> {
  override name = 'SecretNotFoundError';
  constructor(message: string) {
    super('secret_not_found', message);
  }
}

export function fileSecretResolver(path: string): SecretResolver {
  let secrets: Promise<Record<string, unknown>> | undefined;
  const load = async () => {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new SecretNotFoundError(`cannot read the local secrets file ${path} (${error.code ?? error.message})`);
    });
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Record<string, unknown>;
    } catch {
      throw new SecretNotFoundError(`local secrets file ${path} must be a JSON object of secret name to value`);
    }
  };
  return {
    async resolve(secretName) {
      secrets ??= load();
      const value = (await secrets)[secretName];
      if (typeof value === 'string') return value;
      if (value !== undefined && typeof value === 'object') return JSON.stringify(value);
      throw new SecretNotFoundError(`secret "${secretName}" is not in the local secrets file ${path}`);
    },
  };
}
