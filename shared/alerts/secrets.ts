/**
 * Webhook URLs kept in AWS Secrets Manager (the deployment's default
 * subscription). A secret holds the URL itself or JSON {"webhookUrl": "..."}.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretResolver {
  /** The secret's value, or throws (the error must not contain the value). */
  resolve(secretName: string): Promise<string>;
}

/** Reads the webhook URL out of a secret's value. */
export function webhookFromSecretValue(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const url = parsed.webhookUrl ?? parsed.url ?? parsed.webhook;
      if (typeof url === 'string') return url.trim();
    } catch {
      // not JSON after all: fall through and treat it as the URL
    }
  }
  return trimmed;
}

/** Secrets Manager resolver, caching values for the life of the process (one Lambda container). */
export function awsSecretResolver(client: SecretsManagerClient = new SecretsManagerClient({})): SecretResolver {
  const cache = new Map<string, Promise<string>>();
  return {
    resolve(secretName) {
      let value = cache.get(secretName);
      if (!value) {
        value = client.send(new GetSecretValueCommand({ SecretId: secretName })).then((out) => {
          if (typeof out.SecretString !== 'string') throw new Error(`secret ${secretName} has no string value`);
          return out.SecretString;
        });
        value.catch(() => cache.delete(secretName));
        cache.set(secretName, value);
      }
      return value;
    },
  };
}
