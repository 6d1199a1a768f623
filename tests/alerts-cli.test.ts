import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENV } from '#cli/table-environment.ts';
import { outboxOfSubscription } from '#shared/alerts/outbox.ts';
import { getSubscription, listSubscriptions, markSubscriptionBroken } from '#shared/alerts/subscription-store.ts';
import { main } from '#cli/main.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';

const BIN = fileURLToPath(new URL('../bin/ofsted-watch.js', import.meta.url));
const run = promisify(execFile);

/** Everything any command printed in this file, to check no webhook secret ever appears. */
const printed: string[] = [];
const secrets: string[] = [];

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  printed.push(...out, ...err);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function webhook(receiver: SlackReceiver): string {
  const url = receiver.newWebhook();
  secrets.push(url.split('/').at(-1)!, new URL(url).pathname);
  return url;
}

describe('subscribe / unsubscribe / subscriptions against dynalite and the local receiver', () => {
  let db: LocalDynamo;
  let receiver: SlackReceiver;
  const saved = { ...process.env };
  beforeAll(async () => {
    db = await startLocalDynamo();
    receiver = await startSlackReceiver({ minIntervalMs: 0 });
    process.env[CLI_ENV.endpoint] = db.endpoint;
    process.env[CLI_ENV.slackBaseUrl] = receiver.baseUrl;
  });
  afterAll(async () => {
    process.env = saved;
    await receiver.close();
    await db.close();
    for (const line of printed) for (const secret of secrets) expect(line).not.toContain(secret);
  });

  it('has real --help texts', async () => {
    for (const name of ['subscribe', 'unsubscribe', 'subscriptions']) {
      const { status, out } = await cli(name, '--help');
      expect(status).toBe(0);
      expect(out).toContain(`Usage: ofsted-watch ${name}`);
      expect(out).toContain(CLI_ENV.localData);
    }
    expect((await cli('subscribe', '--help')).out).toContain('--webhook-secret NAME');
  });

  it('refuses webhooks that are not https Slack incoming webhooks, without echoing them', async () => {
    const cases: [string, RegExp][] = [
      ['http://hooks.slack.com/services/T01ABCDEF/B01ABCDEF/zzzzzzzzzzzzzzzzzzzzzzzz', /must use https \(this one uses http\)/],
      ['https://evil.example.com/services/T01ABCDEF/B01ABCDEF/zzzzzzzzzzzzzzzzzzzzzzzz', /must be on hooks\.slack\.com/],
      ['https://hooks.slack.com/workflows/T01ABCDEF/A01/123/zzzzzzzzzzzzzzzzzzzzzzzz', /path must be \/services\/T…\/B…\/<secret>/],
      ['hooks.slack.com/services/T01ABCDEF/B01ABCDEF/zzzzzzzzzzzzzzzzzzzzzzzz', /is not a URL/],
    ];
    for (const [url, message] of cases) {
      const { status, err } = await cli('subscribe', '--webhook', url, '--council', 'Stockton');
      expect(status).toBe(2);
      expect(err).toMatch(message);
      expect(err).toContain('https://hooks.slack.com/services/T…/B…/…');
      expect(err).not.toContain('zzzzzzzz');
    }
    expect(await listSubscriptions(db)).toEqual([]);
  });

  it('explains every other mistake: missing parts, several target kinds, kinds, digest, regions', async () => {
    const url = webhook(receiver);
    const expectUsage = async (argv: string[], message: RegExp) => {
      const result = await cli('subscribe', ...argv);
      expect(result.status, result.err).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err).toContain('Run `ofsted-watch subscribe --help` for usage.');
    };
    await expectUsage(['--council', 'Stockton'], /say where alerts go: --webhook/);
    await expectUsage(['--webhook', url], /say which councils: --council NAME/);
    await expectUsage(['--webhook', url, '--council', 'Stockton', '--all'], /only one of --council, --region and --all/);
    await expectUsage(['--webhook', url, '--all', '--events', 'downgrade,dowgrade'], /"dowgrade" is not an event kind\. Kinds: downgrade, urgent_action, upgrade/);
    await expectUsage(['--webhook', url, '--all', '--digest', 'weekly'], /only "daily" is supported/);
    await expectUsage(['--webhook', url, '--region', 'Middle Earth'], /unknown region "Middle Earth": use one of North East, North West/);
    await expectUsage(['--all', url], /a webhook URL: put it after --webhook/);
    await expectUsage(['--webhook', url, '--webhook-secret', 'x', '--all'], /not both/);
  });

  it('resolves councils through the register: did-you-mean, ambiguity and former councils are errors, not guesses', async () => {
    const url = webhook(receiver);
    const typo = await cli('subscribe', '--webhook', url, '--council', 'Stockten');
    expect([typo.status, typo.err.split('\n')[0]]).toEqual([2, 'ofsted-watch subscribe: no council matches "Stockten". Did you mean "Stockton-on-Tees"?']);
    const ambiguous = await cli('subscribe', '--webhook', url, '--council', 'Kingston');
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.err).toMatch(/"Kingston" could be Kingston upon Hull \(URN \d+\) or Kingston upon Thames \(URN \d+\): give the full name or URN/);
    const former = await cli('subscribe', '--webhook', url, '--council', 'Northamptonshire');
    expect(former.status).toBe(2);
    expect(former.err).toMatch(/Northamptonshire no longer runs children's services: it was replaced by (North Northamptonshire and West Northamptonshire|West Northamptonshire and North Northamptonshire)/);
    expect(await listSubscriptions(db)).toEqual([]);
  });

  it('subscribes by name, URN and ONS code; lists with the webhook masked; re-subscribing changes nothing', async () => {
    const url = webhook(receiver);
    const made = await cli('subscribe', '--webhook', url, '--council', 'Stockton Borough Council', '--council', '80564', '--council', 'E08000008', '--events', 'downgrade,urgent_action,upgrade');
    expect(made.status, made.err).toBe(0);
    const id = /Subscribed: (sub_\w+)/.exec(made.out)?.[1];
    expect(id).toBeDefined();
    expect(made.out).toContain('Councils: Stockton-on-Tees, Stoke-on-Trent and Tameside');
    expect(made.out).toContain('Alerts:   downgrades, urgent action and upgrades, as they happen');
    const [team, bot] = new URL(url).pathname.split('/').slice(2);
    const masked = `https://hooks.slack.com/services/${team!.slice(0, 2)}…/${bot!.slice(0, 2)}…/****`;
    expect(made.out).toContain(`Channel:  ${masked}`);
    expect(await getSubscription(db, id!)).toMatchObject({ webhook: { type: 'url', url }, target: { type: 'councils', councils: [{ urn: '80563' }, { urn: '80564' }, { urn: '80569' }] } });

    const again = await cli('subscribe', '--webhook', url, '--council', '80563', '--council', 'Stoke', '--council', 'Tameside', '--events', 'upgrade,downgrade,urgent_action');
    expect(again.out).toContain(`Already subscribed: ${id} (nothing changed).`);
    expect((await listSubscriptions(db)).filter((s) => s.id === id)).toHaveLength(1);

    const listing = await cli('subscriptions');
    expect(listing.status).toBe(0);
    expect(listing.out.split('\n')[0]).toMatch(/^ID\s+STATUS\s+COUNCILS\s+EVENTS\s+INSPECTIONS\s+DELIVERY\s+WEBHOOK\s+CREATED$/);
    const row = listing.out.split('\n').find((line) => line.startsWith(id!));
    expect(row).toMatch(new RegExp(`^${id}\\s+active\\s+Stockton-on-Tees, Stoke-on-Trent and Tameside\\s+downgrade,urgent_action,upgrade\\s+childrens_services,send\\s+instant\\s+${masked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const json = await cli('subscriptions', '--json');
    expect(json.out).toContain(masked);
    expect(json.out).not.toContain(new URL(url).pathname);
  });

  it('lets a subscriber opt out of area SEND alerts (the default includes them), and rejects unknown areas', async () => {
    const url = webhook(receiver);
    const both = await cli('subscribe', '--webhook', url, '--council', 'Bury', '--json');
    expect(JSON.parse(both.out)).toMatchObject({ inspections: ['childrens_services', 'send'] });
    const { id: bothId } = JSON.parse(both.out) as { id: string };
    expect((await getSubscription(db, bothId))?.inspections).toBeUndefined();

    const csc = await cli('subscribe', '--webhook', url, '--council', 'Bury', '--inspections', 'childrens_services');
    expect(csc.status, csc.err).toBe(0);
    expect(csc.out).toContain("About:    children's services only");
    const cscId = /Subscribed: (sub_\w+)/.exec(csc.out)?.[1];
    expect((await getSubscription(db, cscId!))?.inspections).toEqual(['childrens_services']);

    const bad = await cli('subscribe', '--webhook', url, '--all', '--inspections', 'send,schools');
    expect([bad.status, bad.err]).toEqual([2, expect.stringMatching(/--inspections: "schools" is not one of childrens_services, send/)]);
  });

  it('--test delivers a sample to the channel (the local receiver) before saving; a dead webhook saves nothing', async () => {
    const url = webhook(receiver);
    const made = await cli('subscribe', '--webhook', url, '--region', 'north-east', '--digest', 'daily', '--test');
    expect(made.status, made.err).toBe(0);
    expect(made.out).toContain('Sent a test message: check the channel.');
    const [message] = receiver.messages(url);
    expect(message?.payload.text).toBe("ofsted-watch is connected. This channel will get alerts about councils in North East for downgrades and urgent action (children's services and area SEND), in one daily digest after 08:00 UK time.");

    const dead = webhook(receiver);
    receiver.setDead(dead, 'channel_is_archived');
    const before = (await listSubscriptions(db)).length;
    const refused = await cli('subscribe', '--webhook', dead, '--all', '--test');
    expect(refused.status).toBe(1);
    expect(refused.err).toContain('Slack says this webhook is dead (410 channel_is_archived)');
    expect(refused.err).toContain('Nothing saved.');
    expect(await listSubscriptions(db)).toHaveLength(before);
  });

  it('unsubscribe removes one, and says so clearly for an unknown id', async () => {
    const made = await cli('subscribe', '--webhook', webhook(receiver), '--all', '--json');
    const { id } = JSON.parse(made.out) as { id: string };
    const unknown = await cli('unsubscribe', `${id}x`);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain(`no subscription ${id}x. Did you mean ${id}?`);
    expect((await cli('unsubscribe', id)).out).toBe(`Unsubscribed ${id}.`);
    expect(await getSubscription(db, id)).toBeNull();
    expect((await cli('unsubscribe')).status).toBe(2);
  });

  it('subscriptions --reactivate brings back a broken subscription, optionally with a new webhook', async () => {
    const made = await cli('subscribe', '--webhook', webhook(receiver), '--all', '--json');
    const { id } = JSON.parse(made.out) as { id: string };
    await markSubscriptionBroken(db, id, { status: 410, code: 'channel_is_archived', at: new Date().toISOString() });
    const listing = await cli('subscriptions');
    expect(listing.out).toMatch(new RegExp(`${id}\\s+broken \\(410 channel_is_archived\\)`));
    expect(listing.err).toContain(`ofsted-watch subscriptions --reactivate ${id}`);
    const fresh = webhook(receiver);
    const fixed = await cli('subscriptions', '--reactivate', id, '--webhook', fresh);
    expect(fixed.out).toBe(`Reactivated ${id} with the new webhook: 0 held alerts will go out on the next delivery run.`);
    expect(await getSubscription(db, id)).toMatchObject({ status: 'active', broken: null, webhook: { type: 'url', url: fresh } });
    expect((await cli('subscriptions', '--requeue', id)).out).toBe(`Requeued 0 alerts of ${id} for the next delivery run.`);
    expect(await outboxOfSubscription(db, id)).toEqual([]);
  });
});

describe('the CLI as a user runs it (child process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ow-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The environment a user without AWS has: no table settings, no credentials, no instance metadata lookups. */
  const bareEnv = () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_CONFIG_FILE: join(dir, 'none') };
    return env;
  };
  const ow = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [BIN, ...args], { env, cwd: dir }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

  it('with no table configured, says what to set (no stack trace)', async () => {
    const result = await ow(['subscriptions'], bareEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no table to keep subscriptions in. Set one of:');
    expect(result.stderr).toContain('OFSTED_WATCH_LOCAL_DATA=.local/dynamo');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('with AWS_REGION but no credentials, says how to fix it (no stack trace)', async () => {
    const result = await ow(['subscriptions'], { ...bareEnv(), AWS_REGION: 'eu-west-2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no AWS credentials for table ofsted-watch in AWS eu-west-2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps subscriptions in a local folder between runs, and sends --test to the receiver, printing no webhook', async () => {
    const receiver = await startSlackReceiver();
    try {
      const url = receiver.newWebhook();
      const env = { ...bareEnv(), [CLI_ENV.localData]: join(dir, 'dynamo'), [CLI_ENV.slackBaseUrl]: receiver.baseUrl };
      const made = await ow(['subscribe', '--webhook', url, '--council', 'Stoke', '--test'], env);
      expect(made.code, made.stderr).toBe(0);
      expect(receiver.messages(url)).toHaveLength(1);
      const listed = await ow(['subscriptions'], env);
      expect(listed.stdout).toContain('Stoke-on-Trent');
      for (const output of [made.stdout, made.stderr, listed.stdout, listed.stderr]) {
        expect(output).not.toContain(new URL(url).pathname);
        expect(output).not.toContain(url.split('/').at(-1)!);
      }
    } finally {
      await receiver.close();
    }
  });
});
