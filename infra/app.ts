/**
 * CDK app: `npx cdk synth` / `npx cdk deploy` run this file with Node 24 (cdk.json).
 * Needs no AWS credentials to synthesize: no lookups; the stack is
 * environment-agnostic unless the config pins an account and region.
 */
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag.ts';
import { fileURLToPath } from 'node:url';
import { DeployConfigError, parseDeployConfig } from './config.ts';
import { OfstedWatchStack } from './stack.ts';
import { readSettingsFile, type SettingsFile } from '#shared/runtime/settings-file.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the app from the settings file (settings-file.ts) and its context
 * (-c); the tests call this with their own App, and a settings file or null.
 */
export function buildApp(app: App, file: SettingsFile | null = settingsFile()): OfstedWatchStack {
  const config = parseDeployConfig(app.node.getAllContext(), file);
  const stack = new OfstedWatchStack(app, config.stackName, {
    config,
    projectRoot: PROJECT_ROOT,
    description: 'ofsted-watch: alerts on Ofsted judgements of council children\'s services',
    ...(config.account || config.region ? { env: { account: config.account, region: config.region } } : {}),
  });
  for (const warning of config.warnings) Annotations.of(stack).addWarningV2('ofsted-watch:config', warning);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/** The settings file of this repository (or OFSTED_WATCH_CONFIG's), null when there is none. */
export function settingsFile(): SettingsFile | null {
  const read = readSettingsFile(PROJECT_ROOT);
  if (read && 'problems' in read) throw new DeployConfigError(read.problems);
  return read;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  try {
    buildApp(app);
  } catch (error) {
    if (!(error instanceof DeployConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  app.synth();
}
