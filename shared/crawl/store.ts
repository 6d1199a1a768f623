/**
 * Crawl state in the table: publications seen, inspection records, council
 * scan state, anomalies and the scan cursor. Every write is idempotent.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../store/dynamo.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import type { TableRef } from '../store/client.ts';
import { councilPk } from '../events/store.ts';
import { historyDate } from './detect.ts';

const ANOMALY_TTL_DAYS = 90;

function queryPrefix(table: TableRef, pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  return queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  });
}

async function getItem(table: TableRef, pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }));
  return Item;
}

// ---- publications seen -------------------------------------------------------

export type PublicationState = 'done' | 'failed' | 'dead';

export interface PublicationSeen {
  urn: string;
  fileId: string;
  url: string;
  publicationType: string;
  published: string | null;
  state: PublicationState;
  attempts: number;
  lastError: { code: string; message: string } | null;
  /** Whether it was recorded as part of the baseline (no events). */
  baseline: boolean;
  updatedAt: string;
}

export async function getPublication(table: TableRef, urn: string, fileId: string): Promise<PublicationSeen | undefined> {
  return (await getItem(table, councilPk(urn), `PUB#${fileId}`)) as PublicationSeen | undefined;
}

export async function listPublications(table: TableRef, urn: string): Promise<PublicationSeen[]> {
  return (await queryPrefix(table, councilPk(urn), 'PUB#')) as unknown as PublicationSeen[];
}

export async function putPublication(table: TableRef, publication: PublicationSeen): Promise<void> {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: councilPk(publication.urn), sk: `PUB#${publication.fileId}`, ...publication },
    }),
  );
}

// ---- inspection records ------------------------------------------------------

function inspectionSk(record: InspectionRecord): string {
  return `INSPECTION#${historyDate(record)}#${record.fileId}`;
}

/**
 * Stores an inspection record. Re-storing the same report (same content hash and
 * parser version) is a no-op; a new parser version or changed file replaces it.
 */
export async function putInspection(table: TableRef, record: InspectionRecord): Promise<void> {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: councilPk(record.council.urn), sk: inspectionSk(record), record },
    }),
  );
}

export async function listInspections(table: TableRef, urn: string): Promise<InspectionRecord[]> {
  return (await queryPrefix(table, councilPk(urn), 'INSPECTION#')).map((item) => item.record as InspectionRecord);
}

// ---- council scan state ------------------------------------------------------

export interface CouncilScanState {
  urn: string;
  /** Publications found on the provider page at the last successful visit. */
  publicationCount: number;
  /** The latest report date the listing showed when the provider page was last processed. */
  latestReportDate: string | null;
  lastVisitedAt: string;
}

/** Scan state of many councils at once (BatchGetItem, 100 keys a call), by URN. */
export async function getCouncilStates(table: TableRef, urns: readonly string[]): Promise<Map<string, CouncilScanState>> {
  const states = new Map<string, CouncilScanState>();
  for (let offset = 0; offset < urns.length; offset += 100) {
    let keys: Record<string, unknown>[] | undefined = urns.slice(offset, offset + 100).map((urn) => ({ pk: councilPk(urn), sk: 'META' }));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error('getCouncilStates: DynamoDB kept returning unprocessed keys');
      const result: BatchGetCommandOutput = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of result.Responses?.[table.tableName] ?? []) states.set(String(item.urn), item as CouncilScanState);
      keys = result.UnprocessedKeys?.[table.tableName]?.Keys;
      if (keys?.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
  return states;
}

export async function putCouncilState(table: TableRef, state: CouncilScanState): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: councilPk(state.urn), sk: 'META', ...state } }));
}

// ---- anomalies ---------------------------------------------------------------

export type AnomalyKind =
  | 'listing_short'
  | 'listing_layout'
  | 'provider_layout'
  | 'provider_empty'
  | 'unknown_provider'
  | 'file_not_pdf'
  | 'report_unreadable'
  | 'missing_grade'
  | 'council_mismatch';

export interface Anomaly {
  kind: AnomalyKind;
  message: string;
  urn?: string;
  url?: string;
  at: string;
}

/**
 * Records an anomaly once per kind and subject per day (re-runs do not pile up
 * copies). Returns true when it was new today.
 */
export async function recordAnomaly(table: TableRef, anomaly: Anomaly): Promise<boolean> {
  const day = anomaly.at.slice(0, 10);
  const subject = anomaly.url ?? anomaly.urn ?? '-';
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: `ANOMALY#${day}`,
          sk: `${anomaly.kind}#${subject}`,
          ...anomaly,
          expiresAt: Math.floor(Date.parse(anomaly.at) / 1000) + ANOMALY_TTL_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function listAnomalies(table: TableRef, day: string): Promise<Anomaly[]> {
  return (await queryPrefix(table, `ANOMALY#${day}`, '')) as unknown as Anomaly[];
}

// ---- when the watch began ------------------------------------------------------

const WATCH_KEY = { pk: 'SCAN#ofsted', sk: 'WATCH' };

/**
 * The day the watch began (YYYY-MM-DD): the day of the first scan, recorded by
 * that scan before anything else and never changed. Returns the stored day.
 */
export async function startWatch(table: TableRef, today: string): Promise<string> {
  const stored = await getItem(table, WATCH_KEY.pk, WATCH_KEY.sk);
  if (typeof stored?.startedOn === 'string') return stored.startedOn;
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...WATCH_KEY, startedOn: today },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return today;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const winner = await getItem(table, WATCH_KEY.pk, WATCH_KEY.sk);
    return String(winner!.startedOn);
  }
}

// ---- scan cursor -------------------------------------------------------------

export interface ScanCursor {
  /** False until the first complete scan has recorded the history as a baseline. */
  baselineDone: boolean;
  lastSuccessAt: string | null;
  version: number;
}

const CURSOR_KEY = { pk: 'SCAN#ofsted', sk: 'CURSOR' };

export async function getCursor(table: TableRef): Promise<ScanCursor> {
  const item = await getItem(table, CURSOR_KEY.pk, CURSOR_KEY.sk);
  return (item as ScanCursor | undefined) ?? { baselineDone: false, lastSuccessAt: null, version: 0 };
}

/** Moves the cursor, failing if another run moved it meanwhile (optimistic lock). */
export async function advanceCursor(table: TableRef, from: ScanCursor, to: Omit<ScanCursor, 'version'>): Promise<void> {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: CURSOR_KEY,
      UpdateExpression: 'SET baselineDone = :b, lastSuccessAt = :ok, version = :next',
      ConditionExpression: from.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
      ExpressionAttributeValues: {
        ':b': to.baselineDone,
        ':ok': to.lastSuccessAt,
        ':next': from.version + 1,
        ...(from.version === 0 ? {} : { ':version': from.version }),
      },
    }),
  );
}
