/**
 * Least privilege, proved on the synthesised template for every role in it:
 * each function's role may touch only the table items its registry entry's
 * access names (store/access.ts), by partition key (dynamodb:LeadingKeys), with
 * only the actions its stores send; no role may Scan or delete; the scanning
 * functions, which parse untrusted PDFs and HTML, can neither read nor write
 * subscriptions or the outbox (webhook URLs). Then every function runs for
 * real (`ofsted-watch invoke`, against dynalite behind a recording proxy)
 * through a scenario that takes each path that writes, and every request it
 * sends must be allowed by its role's synthesised statements, and every action
 * a statement grants must have been used.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec } from '#shared/runtime/registry.ts';
import { TABLE_ACCESS, type TableGrant } from '#shared/store/access.ts';
import { articleKey, councilPk, eventKey, GSI1_PK, inspectionKey, outboxPk, outboxStatePk, scanCursorKey, scanLeaseKey, SCANS, subscriptionKey } from '#shared/store/keys.ts';
import { buildApp } from '../infra/app.ts';
import { pascal } from '../infra/stack.ts';
import { actionsOf, allows, leadingKeysOf, targetsOf, templateRoles, type Statement, type TemplateRole } from './helpers/iam-policy.ts';
import { startDynamoRecorder, type RecordedRequest } from './helpers/dynamo-recorder.ts';
import { runCli } from './helpers/cli.ts';
import { createSubscription } from '#shared/alerts/subscription-store.ts';
import { startLocalDynamo } from '#devkit/dynalite.ts';
import { articleFromText, startNewsSite } from '#devkit/news-site.ts';
import { fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { startSlackReceiver } from '#devkit/slack-receiver.ts';

const root = new URL('..', import.meta.url).pathname;
const shippedContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

let outdir: string;
let roles: TemplateRole[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'ofsted-watch-iam-'));
  const app = new App({
    outdir,
    context: {
      ...shippedContext,
      'ofsted-watch:contactUrl': 'https://example.org/ofsted-watch',
      'ofsted-watch:defaultSubscription': { webhookSecretName: 'ofsted-watch/newsroom', councils: ['Stockton'] },
      'ofsted-watch:slack': { teamId: 'T0NEWSROOM' },
      'aws:cdk:enable-path-metadata': true,
      // The policies do not depend on the bundles: skip bundling.
      'aws:cdk:bundling-stacks': [],
    },
  });
  const stack = buildApp(app, null);
  app.synth();
  roles = templateRoles(Template.fromStack(stack).toJSON() as never);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const roleOf = (spec: FunctionSpec) => {
  const role = roles.find((r) => r.functionPath?.startsWith(`${'OfstedWatch'}/${pascal(spec.name)}/`));
  if (!role) throw new Error(`no role for ${spec.name}`);
  return role;
};
const dynamo = (statements: Statement[]) => statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
const onTable = (statements: Statement[]) => dynamo(statements).filter((s) => targetsOf(s).some((t) => t === 'table' || t === 'index'));
const grantsOf = (spec: FunctionSpec): readonly TableGrant[] => (spec.table ? TABLE_ACCESS[spec.table] : []);

/** A statement as (target, sorted actions, sorted key patterns), for comparing with the grants. */
const shape = (s: Statement) => ({ on: targetsOf(s).join(','), actions: actionsOf(s).map((a) => a.replace('dynamodb:', '')).sort(), keys: [...(leadingKeysOf(s) ?? ['(any)'])].sort() });
const grantShape = (g: TableGrant) => ({ on: g.index ? 'index' : 'table', actions: [...g.actions].sort(), keys: [...g.keys].sort() });

/** The functions that read what outsiders publish (PDFs, HTML, feeds), and the site builder: none may see a webhook URL. */
const SCANNERS = FUNCTIONS.filter((f) => ['ofsted-scan', 'news-scan', 'check-sources', 'publish-site'].includes(f.name));
const ALL_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem', 'TransactGetItems', 'TransactWriteItems', 'PartiQLSelect'];

describe('IAM: every role in the template', () => {
  it('belongs to a registry function or to a schedule, and only function roles touch the table', () => {
    for (const role of roles) {
      if (role.functionPath) continue;
      expect(role.principal, role.id).toBe('scheduler.amazonaws.com');
      expect(dynamo(role.statements), role.id).toEqual([]);
    }
    for (const spec of FUNCTIONS) expect(roleOf(spec).principal).toBe('lambda.amazonaws.com');
  });

  it('gives each function exactly the table statements its access names: its items by leading key, only its actions', () => {
    const table: string[] = [];
    for (const spec of FUNCTIONS) {
      const statements = onTable(roleOf(spec).statements);
      expect(statements.map(shape).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), spec.name)
        .toEqual(grantsOf(spec).map(grantShape).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
      for (const s of statements) table.push(`| ${spec.name} | ${s.Sid ?? ''} | ${shape(s).on} | ${shape(s).keys.join(' ')} | ${shape(s).actions.join(' ')} |`);
      if (!statements.length) table.push(`| ${spec.name} | (none) | | | |`);
    }
    console.log(['| function | statement | on | leading keys | actions |', '| --- | --- | --- | --- | --- |', ...table].join('\n'));
  });

  it('never allows Scan, batch writes, transactions or PartiQL, deletes only subscriptions (/ofsted unsubscribe), and never the table without a leading-key condition', () => {
    for (const role of roles) {
      for (const s of onTable(role.statements)) {
        expect(actionsOf(s).filter((a) => /Scan|BatchWrite|Transact|PartiQL|\*/.test(a)), role.id).toEqual([]);
        if (actionsOf(s).includes('dynamodb:DeleteItem')) expect([role.functionPath?.split('/')[1], leadingKeysOf(s)], role.id).toEqual(['SlackCommands', ['SUBSCRIPTION']]);
        expect(leadingKeysOf(s), `${role.id} ${s.Sid}`).not.toBeNull();
      }
      // A Scan names no partition key, so a LeadingKeys condition alone would not stop it.
      for (const on of ['table', 'index'] as const) expect(allows(role.statements, { action: 'Scan', on, keys: [] }), role.id).toBe(false);
      // Anything else a role may do with DynamoDB is reading the table's stream (stream triggers).
      for (const s of dynamo(role.statements).filter((st) => !onTable([st]).length)) {
        expect(actionsOf(s).every((a) => ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].includes(a)), role.id).toBe(true);
      }
    }
  });

  it('keeps the scanning functions away from subscriptions and the outbox, on the table and its index', () => {
    const secrets = [subscriptionKey('sub_1').pk, subscriptionKey('default').pk, outboxPk('sub_1'), outboxStatePk('pending')];
    for (const spec of SCANNERS) {
      const statements = roleOf(spec).statements;
      for (const action of ALL_ACTIONS) {
        for (const pk of secrets) {
          for (const on of ['table', 'index'] as const) expect(allows(statements, { action, on, keys: [pk] }), `${spec.name} ${action} ${on} ${pk}`).toBe(false);
        }
      }
      expect(statements.some((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:'))), spec.name).toBe(false);
    }
  });

  it('allows each job the keys it writes and reads, and not another job\'s', () => {
    const can = (name: string, action: string, pk: string, on: 'table' | 'index' = 'table') =>
      allows(roleOf(FUNCTIONS.find((f) => f.name === name)!).statements, { action, on, keys: [pk] });
    expect(can('ofsted-scan', 'PutItem', inspectionKey('80563', '2019-07-01', 'f').pk)).toBe(true);
    expect(can('ofsted-scan', 'UpdateItem', scanCursorKey(SCANS.ofsted).pk)).toBe(true);
    expect(can('ofsted-scan', 'PutItem', scanLeaseKey(SCANS.ofsted).pk)).toBe(true);
    expect(can('ofsted-scan', 'PutItem', scanCursorKey(SCANS.fanout).pk)).toBe(false);
    expect(can('ofsted-scan', 'GetItem', 'ANOMALY#2019-07-01')).toBe(false);
    expect(can('ofsted-scan', 'Query', GSI1_PK.events, 'index')).toBe(false);
    expect(can('news-scan', 'PutItem', articleKey('cc', 'abc').pk)).toBe(true);
    expect(can('news-scan', 'UpdateItem', eventKey('80563', 'e').pk)).toBe(true);
    expect(can('news-scan', 'PutItem', scanCursorKey(SCANS.ofsted).pk)).toBe(false);
    for (const pk of [subscriptionKey('sub_1').pk, outboxPk('sub_1')]) expect(can('deliver-alerts', 'UpdateItem', pk)).toBe(true);
    expect(can('deliver-alerts', 'Query', outboxStatePk('pending'), 'index')).toBe(true);
    expect(can('deliver-alerts', 'Query', GSI1_PK.events, 'index')).toBe(true);
    expect(can('deliver-alerts', 'GetItem', eventKey('80563', 'e').pk)).toBe(true);
    // Delivery reads council events but never writes council records, articles or the scans' state.
    expect(can('deliver-alerts', 'PutItem', eventKey('80563', 'e').pk)).toBe(false);
    expect(can('deliver-alerts', 'GetItem', articleKey('cc', 'abc').pk)).toBe(false);
    expect(can('deliver-alerts', 'PutItem', scanCursorKey(SCANS.ofsted).pk)).toBe(false);
    expect(can('deliver-alerts', 'DeleteItem', subscriptionKey('sub_1').pk)).toBe(false);
    expect(can('publish-site', 'Query', councilPk('80563'))).toBe(true);
    expect(can('publish-site', 'PutItem', councilPk('80563'))).toBe(false);
    expect(can('publish-site', 'GetItem', subscriptionKey('sub_1').pk)).toBe(false);
  });
});

describe('IAM: every request the functions really send', () => {
  const requests: RecordedRequest[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-iam-runs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  beforeAll(async () => {
    const db = await startLocalDynamo();
    const recorder = await startDynamoRecorder(db.endpoint, db.tableName);
    const replay = await startReplaySite({ model: fixtureSiteModel(), asOf: '2019-06-30' });
    const news = await startNewsSite({ outlet: 'Gazette', feeds: [{ id: 'g', format: 'rss' }] });
    const slack = await startSlackReceiver({ minIntervalMs: 0 });
    const story = (slug: string, published: string, title: string) => articleFromText(slug, `${title}\nOfsted has judged Stockton-on-Tees Borough Council's children's services to require improvement, down from good at its last inspection.`, { published, shape: 'json-ld' });
    try {
      const feeds = join(scratch, 'feeds.json');
      writeFileSync(feeds, JSON.stringify([{ id: 'g', outlet: 'Gazette', url: news.feedUrl('g') }]));
      const live = slack.newWebhook();
      const dead = slack.newWebhook();
      slack.setDead(dead, 'channel_is_archived');
      const secrets = join(scratch, 'secrets.json');
      writeFileSync(secrets, JSON.stringify({ 'ofsted-watch/newsroom': live }));
      await createSubscription(db, { id: 'sub_digest', target: { type: 'all' }, events: ['downgrade'], delivery: 'daily', webhook: { type: 'url', url: live }, status: 'active', broken: null, createdAt: '2019-06-01T00:00:00Z', updatedAt: '2019-06-01T00:00:00Z' });
      await createSubscription(db, { id: 'sub_dead', target: { type: 'all' }, events: ['downgrade', 'urgent_action'], delivery: 'instant', webhook: { type: 'url', url: dead }, status: 'active', broken: null, createdAt: '2019-06-01T00:00:00Z', updatedAt: '2019-06-01T00:00:00Z' });
      const run = async (name: string, args: string[], env: Record<string, string> = {}) => {
        recorder.as(name);
        const result = await runCli(['invoke', name, '--endpoint', recorder.endpoint, ...args], { cwd: scratch, env });
        if (result.status !== 0) throw new Error(`${name} ${args.join(' ')}: ${result.stdout}${result.stderr}`);
        return result;
      };
      const scan = (now: string) => run('ofsted-scan', ['--ofsted-base-url', replay.origin, '--now', now]);
      const readNews = (now: string) => run('news-scan', ['--news-feeds', feeds, '--now', now]);
      await scan('2019-06-30T18:00:00Z'); // the baseline; dead report links are anomalies
      news.addArticle('g', story('stockton-first', '2019-07-01T08:00:00Z', 'Stockton-on-Tees children\'s services downgraded by Ofsted'));
      await readNews('2019-07-01T12:00:00Z'); // the press first: a news event
      await scan('2019-07-02T09:00:00Z'); // Ofsted's report joins the news event (an update)
      news.addArticle('g', story('stockton-again', '2019-07-02T08:00:00Z', 'Stockton-on-Tees children\'s services downgraded to requires improvement'));
      await Promise.all([readNews('2019-07-02T12:00:00Z'), readNews('2019-07-02T12:00:00Z')]); // one joins the event, one finds the lease held
      const delivery = ['--slack-base-url', slack.baseUrl, '--secrets', secrets];
      const env = { DEFAULT_SUBSCRIPTION: JSON.stringify({ webhookSecretName: 'ofsted-watch/newsroom', councilUrns: ['80563'], kinds: ['downgrade'] }) };
      await run('deliver-alerts', delivery, env); // creates the default subscription, sends, marks the dead one broken
      await run('deliver-alerts', delivery, { DEFAULT_SUBSCRIPTION: JSON.stringify({ webhookSecretName: 'ofsted-watch/newsroom', councilUrns: ['80563', '80564'] }) }); // updates it
      await run('publish-site', ['--site-dir', join(scratch, 'site')]);
      for (const text of ['subscribe Stockton-on-Tees', 'list', 'mute Stockton-on-Tees 7', 'status Stockton-on-Tees', 'unsubscribe Stockton-on-Tees']) {
        await run('slack-commands', ['--team', 'T0NEWSROOM', '--channel', 'C0NEWSROOM', '--text', text]);
      }
      await run('check-sources', ['--ofsted-base-url', replay.origin, '--news-feeds', feeds]); // no table at all
      expect(slack.messages(live).length).toBeGreaterThan(0);
      // invoke makes sure the table exists before the handler starts (CreateTable, DescribeTable): not the function's requests.
      requests.push(...recorder.requests.filter((r) => r.action !== 'CreateTable' && r.action !== 'DescribeTable'));
    } finally {
      await Promise.all([recorder.close(), replay.close(), news.close(), slack.close()]);
      await db.close();
    }
  }, 240_000);

  it('sends only requests its role allows', () => {
    for (const spec of FUNCTIONS) {
      const mine = requests.filter((r) => r.by === spec.name);
      if (spec.table) expect(mine.length, spec.name).toBeGreaterThan(0);
      else expect(mine, spec.name).toEqual([]);
      const refused = mine.filter((r) => !allows(roleOf(spec).statements, r));
      expect(refused, spec.name).toEqual([]);
    }
  });

  it('uses every action each statement grants: nothing is granted that the function does not do', () => {
    const unused: string[] = [];
    for (const spec of FUNCTIONS) {
      for (const s of onTable(roleOf(spec).statements)) {
        for (const action of actionsOf(s).map((a) => a.replace('dynamodb:', ''))) {
          const used = requests.some((r) => r.by === spec.name && r.action === action && allows([{ ...s, Action: `dynamodb:${action}` }], r));
          if (!used) unused.push(`${spec.name} ${s.Sid} ${action}`);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});
