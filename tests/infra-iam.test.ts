/**
 * Least privilege, proved on the synthesised template for every role in it:
 * each function's role may touch only the table items its registry entry's
 * access names (store/access.ts), by partition key (dynamodb:LeadingKeys), with
 * only the actions its stores send; no role may Scan or delete; the scanning
 * functions, which parse untrusted PDFs and HTML, can neither read nor write
 * subscriptions or the outbox (webhook URLs). tests/infra-iam-runs.test.ts
 * replays every function's real requests against the same statements.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec } from '#shared/runtime/registry.ts';
import { TABLE_ACCESS, type TableGrant } from '#shared/store/access.ts';
import { articleKey, councilPk, eventKey, GSI1_PK, inspectionKey, outboxPk, outboxStatePk, scanCursorKey, scanLeaseKey, SCANS, subscriptionKey } from '#shared/store/keys.ts';
import { buildApp } from '../infra/app.ts';
import { pascal } from '../infra/stack.ts';
import { actionsOf, allows, leadingKeysOf, targetsOf, templateRoles, type Statement, type TemplateRole } from './helpers/iam-policy.ts';

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
      'aws:cdk:enable-path-metadata': true,
      // The policies do not depend on the bundles: skip bundling.
      'aws:cdk:bundling-stacks': [],
    },
  });
  const stack = buildApp(app);
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

  it('never allows Scan, deletes, transactions or PartiQL, and never the table without a leading-key condition', () => {
    for (const role of roles) {
      for (const s of onTable(role.statements)) {
        expect(actionsOf(s).filter((a) => /Scan|Delete|BatchWrite|Transact|PartiQL|\*/.test(a)), role.id).toEqual([]);
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
