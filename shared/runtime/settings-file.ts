/**
 * A deployment's own settings, in `ofsted-watch.config.json` at the repository
 * root (git ignores it, so `git pull` never conflicts with it;
 * `ofsted-watch.config.example.json` is the committed example), or in the
 * file OFSTED_WATCH_CONFIG names (one per deployment: staging, production).
 * The keys are the CDK context keys without their "ofsted-watch:" prefix;
 * `-c ofsted-watch:key=value` on the command line overrides one for a run.
 * infra/config.ts validates them with the one DeployContextSchema at synth;
 * the CLI reads the webhook secret prefix from the same file. The functions
 * never read it: the stack passes them what they need as environment variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WEBHOOK_SECRET_PREFIX } from '../alerts/default-subscription.ts';

export const SETTINGS_FILE = 'ofsted-watch.config.json';
export const SETTINGS_EXAMPLE = 'ofsted-watch.config.example.json';
export const SETTINGS_ENV = 'OFSTED_WATCH_CONFIG';

export interface SettingsFile {
  /** As the user would name it: the file name, or the path OFSTED_WATCH_CONFIG gave. */
  name: string;
  settings: Record<string, unknown>;
}

/** The settings file, if there is one; a list of problems when it cannot be read. */
export function readSettingsFile(projectRoot: string, env: Readonly<Record<string, string | undefined>> = process.env): SettingsFile | { problems: string[] } | null {
  const named = env[SETTINGS_ENV]?.trim();
  const path = named || join(projectRoot, SETTINGS_FILE);
  const name = named || SETTINGS_FILE;
  if (!existsSync(path)) return named ? { problems: [`${SETTINGS_ENV} names ${named}, which does not exist`] } : null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { problems: [`${name} is not valid JSON: ${(error as Error).message}`] };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problems: [`${name} must hold a JSON object of settings, e.g. {"contactUrl": "https://…"}`] };
  return { name, settings: value as Record<string, unknown> };
}

/** The deployment's webhook secret prefix and default-subscription secret, as the settings file says (the CLI checks secret names against them). */
export function webhookSecretRules(projectRoot: string, env: Readonly<Record<string, string | undefined>> = process.env): { prefix: string; defaultSecret: string | null; from: string } {
  const read = readSettingsFile(projectRoot, env);
  const settings = read && 'settings' in read ? read.settings : {};
  const prefix = typeof settings.webhookSecretPrefix === 'string' && settings.webhookSecretPrefix ? settings.webhookSecretPrefix : DEFAULT_WEBHOOK_SECRET_PREFIX;
  const subscription = settings.defaultSubscription as { webhookSecretName?: unknown } | undefined;
  const defaultSecret = typeof subscription?.webhookSecretName === 'string' ? subscription.webhookSecretName : null;
  return { prefix, defaultSecret, from: read && 'settings' in read && typeof settings.webhookSecretPrefix === 'string' ? read.name : 'the default' };
}
