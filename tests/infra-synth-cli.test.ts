/**
 * `npx cdk synth` as a user runs it: on a fresh copy of the repository, with
 * the system's Node and npm, no AWS credentials or configuration, nothing but
 * loopback reachable (metadata service, notices and telemetry off). Without a
 * settings file it is a preview that CloudFormation refuses to deploy; with
 * one it is the deployment. The assembly goes to .local/cdk.out, not the
 * repository root.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#shared/runtime/registry.ts';
import { PLACEHOLDER_CONTACT_URL } from '../infra/config.ts';
import { CONTACT_URL_PARAMETER, CONTACT_URL_RULE } from '../infra/preview.ts';
import { freshClone } from './helpers/fresh-clone.ts';

const run = promisify(execFile);
const clone = freshClone();
afterAll(() => clone.remove());
// A test's settings file is its own: the next test (in any order) starts from a clone without one.
afterEach(() => rmSync(join(clone.dir, 'ofsted-watch.config.json'), { force: true }));

const env = {
  ...clone.env,
  HOME: clone.dir, // no ~/.aws
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: 'true',
};
const synth = (...args: string[]) => run('npx', ['--no-install', 'cdk', 'synth', '--quiet', '--no-notices', ...args], { cwd: clone.dir, env, timeout: 300_000 });

type Template = {
  Resources: Record<string, { Type: string }>;
  Parameters?: Record<string, { Default?: string }>;
  Rules?: Record<string, { Assertions: { Assert: unknown }[] }>;
};
const template = (): Template => JSON.parse(readFileSync(join(clone.dir, '.local/cdk.out/OfstedWatch.template.json'), 'utf8')) as Template;

/** A rule assertion of the shape Fn::Not [Fn::Equals [Ref P, value]], evaluated with P at its default. */
function holdsWithDefaults(t: Template, assertion: unknown): boolean {
  const { 'Fn::Not': [{ 'Fn::Equals': [ref, value] }] } = assertion as { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: string }, string] }] };
  return t.Parameters?.[ref.Ref]?.Default !== value;
}

describe('npx cdk synth on a fresh clone', () => {
  it('without settings, synthesises offline a preview that CloudFormation refuses to deploy, into .local/cdk.out', async () => {
    const { stderr } = await synth();
    expect(stderr).toContain('contactUrl is not set (it is still the placeholder): this is a preview, and CloudFormation will refuse to deploy it');
    const t = template();
    // Every function but the Slack app's, which exists once the settings' slack names the workspace.
    const deployed = FUNCTIONS.filter((f) => f.name !== 'slack-commands');
    expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(deployed.length);
    expect(t.Parameters?.[CONTACT_URL_PARAMETER]?.Default).toBe(PLACEHOLDER_CONTACT_URL);
    // The rule fails with the placeholder: CloudFormation stops before creating anything.
    const [assertion] = t.Rules?.[CONTACT_URL_RULE]?.Assertions ?? [];
    expect(holdsWithDefaults(t, assertion!.Assert)).toBe(false);
    expect(existsSync(join(clone.dir, 'cdk.out'))).toBe(false);
    const assets = JSON.parse(readFileSync(join(clone.dir, '.local/cdk.out/OfstedWatch.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const bundles = Object.values(assets.files).map((f) => f.source.path).filter((p) => p.startsWith('asset.'));
    expect(bundles).toHaveLength(deployed.length);
    for (const bundle of bundles) expect(existsSync(join(clone.dir, '.local/cdk.out', bundle, 'index.mjs'))).toBe(true);
    // Environment-agnostic: no account or region baked in.
    const manifest = JSON.parse(readFileSync(join(clone.dir, '.local/cdk.out/manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> };
    expect(manifest.artifacts.OfstedWatch?.environment).toBe('aws://unknown-account/unknown-region');
  }, 300_000);

  it('with ofsted-watch.config.json, synthesises the deployment: its settings, no preview parameter or rule, no warning', async () => {
    writeFileSync(join(clone.dir, 'ofsted-watch.config.json'), JSON.stringify({ contactUrl: 'https://example.org/ofsted-watch', logRetentionDays: 30 }));
    const { stderr } = await synth();
    expect(stderr).not.toContain('contactUrl is not set');
    const t = template();
    expect(t.Parameters?.[CONTACT_URL_PARAMETER]).toBeUndefined();
    expect(t.Rules?.[CONTACT_URL_RULE]).toBeUndefined();
    expect(JSON.stringify(t)).toContain('https://example.org/ofsted-watch');
    expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup').map((r) => (r as unknown as { Properties: { RetentionInDays: number } }).Properties.RetentionInDays)).toContain(30);
  }, 300_000);

  it('refuses to synthesize with an invalid setting, saying which, where and how to fix it', async () => {
    const error = await synth('-c', 'ofsted-watch:contactUrl=http://example.org').then(() => null, (e: { stderr: string }) => e);
    expect(error?.stderr).toContain('ofsted-watch:contactUrl "http://example.org" must be an https:// URL');
    writeFileSync(join(clone.dir, 'ofsted-watch.config.json'), JSON.stringify({ contactUrl: 'https://example.org/ofsted-watch', alarmEmail: 'nope' }));
    const fromFile = await synth().then(() => null, (e: { stderr: string }) => e);
    expect(fromFile?.stderr).toContain('ofsted-watch.config.json: alarmEmail "nope" is not an email address');
  }, 120_000);
});
