/**
 * `npx cdk synth` as a user runs it on a fresh clone: through cdk.json's app
 * command (Node 24 from node_modules/.bin, TypeScript by type stripping), with no
 * AWS credentials or configuration, and nothing but loopback reachable (metadata
 * service, notices and telemetry off). One synth with real bundling.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#shared/runtime/registry.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'ofsted-watch-home-'));
const out = join(home, 'cdk.out');
afterAll(() => rmSync(home, { recursive: true, force: true }));

const env = {
  PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
  HOME: home, // no ~/.aws
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: 'true',
};

describe('npx cdk synth on a fresh clone', () => {
  it('synthesizes the stack offline with the shipped cdk.json, warning about the placeholder contact URL', async () => {
    const { stderr } = await run('npx', ['--no-install', 'cdk', 'synth', '--quiet', '--no-notices', '--output', out], { cwd: root, env, timeout: 300_000 });
    expect(stderr).toContain('contactUrl is still the placeholder');
    const template = JSON.parse(readFileSync(join(out, 'OfstedWatch.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const lambdas = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    // Every function but the Slack app's, which exists once ofsted-watch:slack names the workspace.
    const deployed = FUNCTIONS.filter((f) => f.name !== 'slack-commands');
    expect(lambdas).toHaveLength(deployed.length);
    const assets = JSON.parse(readFileSync(join(out, 'OfstedWatch.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const bundles = Object.values(assets.files).map((f) => f.source.path).filter((p) => p.startsWith('asset.'));
    expect(bundles).toHaveLength(deployed.length);
    for (const bundle of bundles) expect(existsSync(join(out, bundle, 'index.mjs'))).toBe(true);
    // Environment-agnostic: no account or region baked in.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> };
    expect(manifest.artifacts.OfstedWatch?.environment).toBe('aws://unknown-account/unknown-region');
  }, 300_000);

  it('refuses to synthesize with an invalid setting, saying which and how to fix it', async () => {
    const error = await run('npx', ['--no-install', 'cdk', 'synth', '--quiet', '--no-notices', '--output', out, '-c', 'ofsted-watch:contactUrl=http://example.org'], { cwd: root, env, timeout: 120_000 })
      .then(() => null, (e: { stderr: string }) => e);
    expect(error?.stderr).toContain('ofsted-watch:contactUrl "http://example.org" must be an https:// URL');
  }, 120_000);
});
