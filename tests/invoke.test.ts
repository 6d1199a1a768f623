/**
 * `ofsted-watch invoke`: every deployed function runs on this machine through
 * the real CLI (a child process, as a user runs it), its real handler and
 * wiring, against dynalite and local stand-ins for Ofsted, a news site and Slack.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, scheduledEvent } from '#shared/runtime/registry.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';
import { listCouncilEvents, recordEvent } from '#shared/events/store.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { articleFromText, startNewsSite, type NewsSite } from '#devkit/news-site.ts';
import { fixturePublications, fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { startReplaySite, type ReplaySite } from '#devkit/replay-site.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';

const exec = promisify(execFile);
const bin = new URL('../bin/ofsted-watch.js', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-invoke-'));

/** The environment of a user with none of ofsted-watch's local settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OFSTED_WATCH_') && !['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'DEFAULT_SUBSCRIPTION'].includes(key)));
}

async function invoke(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, 'invoke', ...(args[0] === '--help' ? [] : ['--json']), ...args], { env: { ...cleanEnv(), ...env }, cwd: scratch, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The JSON lines a run wrote to stdout (logs and EMF), and the pretty-printed result after them. */
function output(stdout: string) {
  const start = stdout.search(/^[{[]\n|^\{\n|^null$/m);
  const lines = stdout.slice(0, start === -1 ? undefined : start).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const result = start === -1 ? undefined : JSON.parse(stdout.slice(start)) as unknown;
  const metrics = lines.filter((l) => '_aws' in l);
  return { lines, result, metrics, messages: lines.map((l) => l.msg).filter(Boolean) };
}

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('invoke command line', () => {
  it('--help lists every function in the registry', async () => {
    const { code, stdout } = await invoke(['--help']);
    expect(code).toBe(0);
    for (const spec of FUNCTIONS) expect(stdout).toMatch(new RegExp(`^  ${spec.name} `, 'm'));
  });

  it('names the valid functions when given an unknown one', async () => {
    const { code, stderr } = await invoke(['ofsted-scna']);
    expect(code).toBe(2);
    expect(stderr).toContain(`unknown function "ofsted-scna"; the functions are ${FUNCTIONS.map((f) => f.name).join(', ')}`);
  });

  it('rejects bad options before running anything', async () => {
    expect((await invoke(['news-scan', '--endpoint', 'nowhere'])).stderr).toContain('--endpoint "nowhere" is not an http(s) URL');
    expect((await invoke(['news-scan', '--timeout', '0'])).stderr).toContain('--timeout "0" must be a number of seconds above 0');
    expect((await invoke(['news-scan', '--data', 'x', '--in-memory'])).stderr).toContain('contradict');
    expect((await invoke(['news-scan', '--event', 'missing.json', '--in-memory'])).stderr).toContain('cannot read --event missing.json: ENOENT');
  });
});

describe('ofsted-scan against the local replay of the Ofsted site', () => {
  let site: ReplaySite;
  beforeAll(async () => {
    const councils = [{ urn: '80563', name: 'Stockton-on-Tees' }, { urn: '80564', name: 'Stoke-on-Trent' }];
    site = await startReplaySite({ model: { councils, publications: fixturePublications().filter((p) => councils.some((c) => c.urn === p.urn)) } });
  });
  afterAll(() => site.close());

  it('records the inspections, and reports a listing shorter than the register as an anomaly, not a success', async () => {
    const { code, stdout, stderr } = await invoke(['ofsted-scan', '--endpoint', db.endpoint, '--ofsted-base-url', site.origin, '--contact-url', 'https://example.org/ofsted-watch']);
    expect(code, stderr).toBe(0);
    const run = output(stdout);
    expect(run.messages[0]).toBe('run_started');
    expect(run.messages).toContain('run_finished');
    expect(run.result).toMatchObject({ providersListed: 2, recordsWritten: 5, anomalies: 1, cursorAdvanced: false });
    expect(run.lines).toContainEqual(expect.objectContaining({ level: 'warn', anomaly: 'listing_short' }));
    expect(run.metrics).toEqual([expect.objectContaining({ Function: 'ofsted-scan', ScanSucceeded: 0, Anomalies: 1, EventsRecorded: 0 })]);
    // Every request carried our User-Agent with the contact URL, and went to the replay site only.
    expect(site.requestLog.length).toBeGreaterThan(0);
    for (const request of site.requestLog) expect(request.userAgent).toMatch(/^ofsted-watch\/\d+\.\d+\.\d+ \(\+https:\/\/example\.org\/ofsted-watch\)$/);
    const { Items } = await db.doc.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'COUNCIL#80563' } }));
    expect(Items?.filter((item) => String(item.sk).startsWith('INSPECTION#'))).toHaveLength(3);
  });

  it('fails with exit status 1, logging run_failed, when the site cannot be reached', async () => {
    const { code, stdout, stderr } = await invoke(['ofsted-scan', '--endpoint', db.endpoint, '--ofsted-base-url', 'http://127.0.0.1:9', '--timeout', '60']);
    expect(code).toBe(1);
    expect(output(stdout).messages).toContain('run_failed');
    expect(stderr).toMatch(/invoke: ofsted-scan failed after \d+ ms/);
    expect(output(stdout).metrics).toEqual([]);
  });
});

describe('news-scan against a local news site', () => {
  let site: NewsSite;
  beforeAll(async () => {
    site = await startNewsSite({ outlet: 'Local Gazette', feeds: [{ id: 'local', format: 'rss' }] });
    site.addArticle('local', articleFromText('stoke-inadequate', [
      'Stoke-on-Trent children\'s services rated inadequate by Ofsted',
      'Ofsted has rated Stoke-on-Trent City Council\'s children\'s services inadequate, down from requires improvement, after inspectors found serious weaknesses.',
      'Inspectors said the council must take urgent action to improve help and protection for children.',
    ].join('\n'), { published: new Date().toISOString(), shape: 'json-ld' }));
  });
  afterAll(() => site.close());

  it('reads the feeds it is given and records the council event', async () => {
    const feeds = join(scratch, 'feeds.json');
    writeFileSync(feeds, JSON.stringify([{ id: 'local', outlet: 'Local Gazette', url: site.feedUrl('local') }]));
    const { code, stdout, stderr } = await invoke(['news-scan', '--endpoint', db.endpoint, '--news-feeds', feeds]);
    expect(code, stderr).toBe(0);
    const run = output(stdout);
    expect(run.metrics).toEqual([expect.objectContaining({ Function: 'news-scan', ScanSucceeded: 1, Anomalies: 0 })]);
    const events = await listCouncilEvents(db, '80564');
    expect(events.map((e) => e.event.kind)).toEqual(expect.arrayContaining([expect.stringMatching(/downgrade|urgent_action/)]));
    expect(site.requests).toEqual(expect.arrayContaining(['/robots.txt', expect.stringContaining('stoke-inadequate')]));
  });
});

describe('deliver-alerts to a local Slack receiver', () => {
  let slack: SlackReceiver;
  beforeAll(async () => {
    slack = await startSlackReceiver({ minIntervalMs: 0 });
  });
  afterAll(() => slack.close());

  it('creates the default subscription from its secret name and delivers a new event once', async () => {
    const webhook = slack.newWebhook();
    const secrets = join(scratch, 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ 'ofsted-watch/slack-webhook': webhook }));
    const event: CouncilEvent = {
      id: 'invoke-test-downgrade', kind: 'downgrade', alsoKinds: ['urgent_action'],
      council: { urn: '80569', onsCode: 'E08000008', name: 'Tameside' },
      from: 'requires_improvement', to: 'inadequate', previous: null, inspection: null, priorityActions: [], judgementChanges: [],
      evidence: null, sources: [{ type: 'ofsted', url: 'https://reports.ofsted.gov.uk/provider/44/80569', outlet: 'Ofsted' }],
      detectedAt: new Date().toISOString(), occurredOn: new Date().toISOString().slice(0, 10),
    };
    await recordEvent(db, event);
    const env = { DEFAULT_SUBSCRIPTION: JSON.stringify({ webhookSecretName: 'ofsted-watch/slack-webhook', councilUrns: ['80569'] }) };
    const args = ['deliver-alerts', '--endpoint', db.endpoint, '--slack-base-url', slack.baseUrl, '--secrets', secrets];
    const eventFile = join(scratch, 'stream-event.json');
    writeFileSync(eventFile, JSON.stringify({ Records: [{ eventSource: 'aws:dynamodb', eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'COUNCIL#80569' }, sk: { S: 'EVENT#invoke-test-downgrade' } } } }] }));

    const first = await invoke([...args, '--event', eventFile], env);
    expect(first.code, first.stderr).toBe(0);
    expect(output(first.stdout).lines[0]).toMatchObject({ msg: 'run_started', trigger: { type: 'table-stream', records: 1 } });
    expect(output(first.stdout).metrics).toEqual([expect.objectContaining({ Function: 'deliver-alerts', AlertsSent: 1, AlertsFailed: 0 })]);
    expect(slack.messages(webhook)).toHaveLength(1);
    expect(slack.messages(webhook)[0]!.payload.text).toContain('Tameside');
    expect(first.stdout + first.stderr).not.toContain(new URL(webhook).pathname);

    const again = await invoke(args, env);
    expect(again.code, again.stderr).toBe(0);
    expect(output(again.stdout).result).toMatchObject({ sent: 0 });
    expect(slack.messages(webhook)).toHaveLength(1);
  });
});

describe('invoke slack-commands and bot delivery', () => {
  let slack: SlackReceiver;
  let local: LocalDynamo;
  beforeAll(async () => {
    slack = await startSlackReceiver({ minIntervalMs: 0 });
    local = await startLocalDynamo();
  });
  afterAll(async () => {
    await slack.close();
    await local.close();
  });

  it('runs one /ofsted command as Slack sends it and prints Slack\'s answer; deliver-alerts then posts to that channel with a bot token', async () => {
    const subscribe = await invoke(['slack-commands', '--endpoint', local.endpoint, '--channel', 'C0INVOKE', '--text', 'subscribe Tameside']);
    expect(subscribe.code, subscribe.stderr).toBe(0);
    expect(output(subscribe.stdout).result).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/subscribed this channel's alerts:\n• Tameside/) });
    const status = await invoke(['slack-commands', '--endpoint', local.endpoint, '--text', 'status Stoke-on-Trent']);
    expect(output(status.stdout).result).toMatchObject({ response_type: 'ephemeral', blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]) });
    expect((await invoke(['ofsted-scan', '--text', 'help'])).stderr).toContain('--text is for slack-commands only');

    await recordEvent(local, {
      id: 'invoke-bot-downgrade', kind: 'downgrade', alsoKinds: [], council: { urn: '80569', onsCode: 'E08000008', name: 'Tameside' },
      from: 'good', to: 'requires_improvement', previous: null, inspection: null, priorityActions: [], judgementChanges: [], evidence: null,
      sources: [{ type: 'ofsted', url: 'https://reports.ofsted.gov.uk/provider/44/80569', outlet: 'Ofsted' }],
      detectedAt: new Date(Date.now() + 1000).toISOString(), occurredOn: new Date().toISOString().slice(0, 10),
    });
    const delivered = await invoke(['deliver-alerts', '--endpoint', local.endpoint, '--slack-base-url', slack.baseUrl]);
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(output(delivered.stdout).result).toMatchObject({ sent: 1, brokenSubscriptions: [] });
    expect(slack.api.messages('C0INVOKE').map((m) => m.payload.text)).toEqual([expect.stringContaining('Tameside')]);
    expect(delivered.stdout + delivered.stderr).not.toMatch(/xoxb-local/);
  });
});

it('the default event is the one the schedule sends', () => {
  expect(scheduledEvent('news-scan', 'T')).toEqual({ source: 'ofsted-watch.schedule', function: 'news-scan', scheduledTime: 'T' });
});

describe('invoke as a person runs it', () => {
  let site: ReplaySite;
  beforeAll(async () => {
    site = await startReplaySite({ model: fixtureSiteModel(), asOf: '2019-06-30' });
  });
  afterAll(() => site.close());
  const plain = async (args: string[]) => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [bin, 'invoke', ...args], { env: cleanEnv(), cwd: scratch, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('logs a short line of text per event by default: a baseline of 153 councils in a dozen lines, on the --now clock', async () => {
    const local = await startLocalDynamo();
    try {
      const { code, stdout, stderr } = await plain(['ofsted-scan', '--endpoint', local.endpoint, '--ofsted-base-url', site.origin, '--now', '2019-06-30T18:00:00Z']);
      expect(code, stderr).toBe(0);
      const lines = stdout.trim().split('\n');
      expect(lines.length).toBeLessThanOrEqual(15);
      expect(lines[0]).toBe('18:00:00 · run started');
      // The --now clock runs on from the instant given, so later lines carry the seconds a loaded machine took.
      expect(lines.some((line) => /^18:00:\d\d · scan started \(mode=baseline, watchStartedOn=2019-06-30\)$/.test(line)), stdout).toBe(true);
      expect(lines.filter((line) => / · \d+ of 153 councils read/.test(line))).toHaveLength(3);
      expect(lines.at(-1)).toMatch(/^18:00:\d\d · run finished \(durationMs=\d+, mode=baseline, providersListed=153, .*cursorAdvanced=true, skipped=false\)$/);
      expect(stdout).not.toMatch(/^\{/m); // no JSON, no metric lines
      expect(stderr).toContain('invoke: the local Ofsted replay shows the site as of 2019-06-30 (32 reports)');

      // Two days on, the replay shows what was published since: Stockton-on-Tees's 2019 report.
      const live = await plain(['ofsted-scan', '--endpoint', local.endpoint, '--ofsted-base-url', site.origin, '--now', '2019-07-02T09:00:00Z']);
      expect(live.stdout).toMatch(/^09:0\d:\d\d · event recorded \(council=Stockton-on-Tees, urn=80563, kind=downgrade, from=good, to=requires_improvement/m);
      const [event] = await listCouncilEvents(local, '80563');
      expect(event?.event.detectedAt).toMatch(/^2019-07-02T09:00/);
      expect((await plain(['ofsted-scan', '--now', 'tomorrow', '--in-memory'])).stderr).toContain('--now "tomorrow" must be an ISO date or time');
    } finally {
      await local.close();
    }
  });

  it('lets the second of two scans started together skip with an info line; both exit 0', async () => {
    const local = await startLocalDynamo();
    try {
      const args = ['ofsted-scan', '--endpoint', local.endpoint, '--ofsted-base-url', site.origin];
      const runs = await Promise.all([plain(args), plain(args)]);
      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      const skipped = runs.filter((run) => run.stdout.includes('another ofsted-scan run is scanning'));
      expect(skipped).toHaveLength(1);
      expect(skipped[0]!.stdout).toMatch(/· another ofsted-scan run is scanning \(since \S+; it holds the scan until \S+ at the latest\): this run leaves the work to it/);
      expect(skipped[0]!.stdout + skipped[0]!.stderr).not.toMatch(/ConditionalCheckFailed|run_failed|run failed/);
    } finally {
      await local.close();
    }
  });

  it('refuses a local data folder another command holds, naming it, exit status 2', async () => {
    const data = join(scratch, 'held');
    const holder = await startLocalDynamo({ path: data, holder: 'ofsted-watch invoke news-scan' });
    try {
      const { code, stdout, stderr } = await plain(['ofsted-scan', '--data', data, '--ofsted-base-url', site.origin]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^ofsted-watch invoke: the local table in ${data} is in use by \`ofsted-watch invoke news-scan\` \\(pid ${process.pid}, since \\d\\d:\\d\\d:\\d\\d UTC\\): wait for it to finish, or stop it, and try again$`)),
      ]);
    } finally {
      await holder.close();
    }
    // Let go, the folder is anyone's again.
    expect((await plain(['publish-site', '--data', data, '--site-dir', join(scratch, 'site-after-lock')])).code).toBe(0);
  });
});
