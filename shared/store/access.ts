/**
 * What each kind of work may do to the one table: the items it owns, named by
 * their partition keys (store/keys.ts), and only the actions its stores send.
 * The stack turns every grant into an IAM statement with a
 * `dynamodb:LeadingKeys` condition, so a function can touch nothing else; the
 * registry (runtime/registry.ts) names each function's set. Plain data, pure.
 *
 * Keys are IAM StringLike patterns: `COUNCIL#*` is every council's partition,
 * `SCAN#ofsted` exactly one. On the index, the leading key is the index's
 * partition key (GSI1: EVENTS, OUTBOX#<state>).
 *
 * No grant has Scan (every store reads by key) or BatchWriteItem, only the
 * /ofsted commands delete, and only subscriptions (`/ofsted unsubscribe`; the
 * CLI deletes with the operator's own credentials), and no scanning function
 * may read or write SUBSCRIPTION or OUTBOX# items, which hold webhook URLs:
 * those parse untrusted PDFs and HTML.
 * tests/infra-iam.test.ts checks the synthesised template against this and
 * replays each function's real requests against it.
 */
import { GSI1_PK, PK, scanPk, SCANS } from './keys.ts';

/** The DynamoDB data actions a grant may name. */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

export interface TableGrant {
  /** What the items are, for the statement's Sid and the docs. */
  items: string;
  /** Partition key patterns (IAM StringLike). */
  keys: readonly string[];
  actions: readonly TableAction[];
  /** On the table's indexes (Query by the index's partition key) instead of the table. */
  index?: true;
}

const council = `${PK.council}*`;

export const TABLE_ACCESS = {
  /** The Ofsted scan. */
  crawl: [
    { items: 'CouncilRecords', keys: [council], actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'] },
    { items: 'Anomalies', keys: [`${PK.anomaly}*`], actions: ['PutItem'] },
    { items: 'OfstedScanState', keys: [scanPk(SCANS.ofsted)], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  ],
  /** The news scan: the articles it read, and council events (read, written, merged). */
  news: [
    { items: 'Articles', keys: [`${PK.news}*`], actions: ['GetItem', 'PutItem'] },
    { items: 'CouncilEvents', keys: [council], actions: ['Query', 'PutItem', 'UpdateItem'] },
    { items: 'NewsScanLease', keys: [scanPk(SCANS.news)], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  ],
  /** Delivery: subscriptions, the outbox, the fan-out cursor; council events read only. */
  delivery: [
    { items: 'Subscriptions', keys: [PK.subscription], actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] },
    { items: 'Outbox', keys: [`${PK.outbox}*`], actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] },
    { items: 'FanoutCursor', keys: [scanPk(SCANS.fanout)], actions: ['GetItem', 'PutItem'] },
    { items: 'CouncilEvents', keys: [council], actions: ['GetItem'] },
    { items: 'EventsAndOutbox', keys: [GSI1_PK.events, `${GSI1_PK.outboxState}*`], actions: ['Query'], index: true },
  ],
  /** The national site: every council's records and events, by each council's key. */
  site: [{ items: 'CouncilRecords', keys: [council], actions: ['Query'] }],
  /** The /ofsted commands: a channel's subscriptions (list, make, change, remove); a council's records and events (read). */
  slackCommands: [
    { items: 'Subscriptions', keys: [PK.subscription], actions: ['Query', 'PutItem', 'DeleteItem'] },
    { items: 'CouncilRecords', keys: [council], actions: ['Query'] },
  ],
} as const satisfies Record<string, readonly TableGrant[]>;

export type TableAccess = keyof typeof TABLE_ACCESS;
