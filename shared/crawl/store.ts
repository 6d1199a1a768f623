/**
 * Crawl state in the table (DynamoDB): publications seen, inspection records,
 * council scan state, anomalies, the day the watch began and the scan cursor,
 * keyed by store/keys.ts. The CrawlStore of ports.ts. Every write is idempotent.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { dynamoEventStore } from '../events/store.ts';
import type { EventStore } from '../events/ports.ts';
import type { TableRef } from '../store/client.ts';
import { dynamoRunLease } from '../store/dynamo-lease.ts';
import type { RunLease } from '../store/lease.ts';
import { anomalyPk, councilPk, councilStateKey, inspectionKey, publicationKey, scanCursorKey, scanPk, SCANS, SK } from '../store/keys.ts';
import { historyDate } from './detect.ts';
import type { Anomaly, CouncilScanState, CrawlStore, PublicationSeen, ScanCursor } from './ports.ts';

export type { Anomaly, AnomalyKind, CouncilScanState, PublicationSeen, PublicationState, ScanCursor } from './ports.ts';

/** The Ofsted scan's stores over the one table, and its run lease. */
export function dynamoScanStores(table: TableRef): { crawl: CrawlStore; events: EventStore; lease: RunLease } {
  return { crawl: dynamoCrawlStore(table), events: dynamoEventStore(table), lease: dynamoRunLease(table, SCANS.ofsted) };
}

export function dynamoCrawlStore(table: TableRef): CrawlStore {
  return {
    getCursor: () => getCursor(table),
    advanceCursor: (from, to) => advanceCursor(table, from, to),
    startWatch: (today) => startWatch(table, today),
    councilStates: (urns) => getCouncilStates(table, urns),
    putCouncilState: (state) => putCouncilState(table, state),
    getPublication: (urn, fileId) => getPublication(table, urn, fileId),
    putPublication: (publication) => putPublication(table, publication),
    putInspection: (record) => putInspection(table, record),
    listInspections: (urn) => listInspections(table, urn),
    recordAnomaly: (anomaly) => recordAnomaly(table, anomaly),
  };
}

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

export async function getPublication(table: TableRef, urn: string, fileId: string): Promise<PublicationSeen | undefined> {
  const key = publicationKey(urn, fileId);
  return (await getItem(table, key.pk, key.sk)) as PublicationSeen | undefined;
}

export async function listPublications(table: TableRef, urn: string): Promise<PublicationSeen[]> {
  return (await queryPrefix(table, councilPk(urn), SK.publication)) as unknown as PublicationSeen[];
}

export async function putPublication(table: TableRef, publication: PublicationSeen): Promise<void> {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...publicationKey(publication.urn, publication.fileId), ...publication },
    }),
  );
}

// ---- inspection records ------------------------------------------------------

/**
 * Stores an inspection record. Re-storing the same report (same content hash and
 * parser version) is a no-op; a new parser version or changed file replaces it.
 */
export async function putInspection(table: TableRef, record: InspectionRecord): Promise<void> {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...inspectionKey(record.council.urn, historyDate(record), record.fileId), record },
    }),
  );
}

export async function listInspections(table: TableRef, urn: string): Promise<InspectionRecord[]> {
  return (await queryPrefix(table, councilPk(urn), SK.inspection)).map((item) => item.record as InspectionRecord);
}

// ---- council scan state ------------------------------------------------------

/** Scan state of many councils at once (BatchGetItem, 100 keys a call), by URN. */
export async function getCouncilStates(table: TableRef, urns: readonly string[]): Promise<Map<string, CouncilScanState>> {
  const states = new Map<string, CouncilScanState>();
  for (let offset = 0; offset < urns.length; offset += 100) {
    let keys: Record<string, unknown>[] | undefined = urns.slice(offset, offset + 100).map((urn) => ({ ...councilStateKey(urn) }));
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
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { ...councilStateKey(state.urn), ...state } }));
}

// ---- anomalies ---------------------------------------------------------------

/**
 * Records an anomaly once per kind and subject per day (re-runs do not pile up
 * copies). Returns true when it was new today.
 */
export async function recordAnomaly(table: TableRef, anomaly: Anomaly): Promise<boolean> {
  const day = anomaly.at.slice(0, 10);
  const subject = anomaly.url ?? anomaly.urn ?? '-';
  const item = { pk: anomalyPk(day), sk: `${anomaly.kind}#${subject}`, ...anomaly, expiresAt: Math.floor(Date.parse(anomaly.at) / 1000) + ANOMALY_TTL_DAYS * 86_400 };
  return applied(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
}

export async function listAnomalies(table: TableRef, day: string): Promise<Anomaly[]> {
  return (await queryPrefix(table, anomalyPk(day), '')) as unknown as Anomaly[];
}

// ---- when the watch began ------------------------------------------------------

const WATCH_KEY = { pk: scanPk(SCANS.ofsted), sk: SK.watch };

/**
 * The day the watch began (YYYY-MM-DD): the day of the first scan, recorded by
 * that scan before anything else and never changed. Returns the stored day.
 */
export async function startWatch(table: TableRef, today: string): Promise<string> {
  const stored = await getItem(table, WATCH_KEY.pk, WATCH_KEY.sk);
  if (typeof stored?.startedOn === 'string') return stored.startedOn;
  const put = new PutCommand({ TableName: table.tableName, Item: { ...WATCH_KEY, startedOn: today }, ConditionExpression: 'attribute_not_exists(pk)' });
  if (await applied(() => table.doc.send(put))) return today;
  const winner = await getItem(table, WATCH_KEY.pk, WATCH_KEY.sk);
  return String(winner!.startedOn);
}

// ---- scan cursor -------------------------------------------------------------

const CURSOR_KEY = scanCursorKey(SCANS.ofsted);

export async function getCursor(table: TableRef): Promise<ScanCursor> {
  const item = await getItem(table, CURSOR_KEY.pk, CURSOR_KEY.sk);
  return (item as ScanCursor | undefined) ?? { baselineDone: false, lastSuccessAt: null, version: 0 };
}

/** Moves the cursor; false when another run moved it meanwhile (optimistic lock). */
export async function advanceCursor(table: TableRef, from: ScanCursor, to: Omit<ScanCursor, 'version'>): Promise<boolean> {
  return applied(() => table.doc.send(
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
  ));
}
