/** Council events in the table (DynamoDB): the EventStore the jobs take (ports.ts). */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { TableRef } from '../store/client.ts';
import { councilPk, eventKey, eventPosition, GSI1_PK, SK } from '../store/keys.ts';
import { TABLE_SCHEMA } from '../store/schema.ts';
import { findSameStory, mergeInto } from './merge.ts';
import type { EventInOrder, EventStore, RecordEventResult, StoredEvent } from './ports.ts';

export type { RecordEventResult, StoredEvent } from './ports.ts';

/** The event store over the table. */
export function dynamoEventStore(table: TableRef): EventStore {
  return {
    record: (event) => recordEvent(table, event),
    listCouncil: (urn) => listCouncilEvents(table, urn),
    get: (urn, eventId) => getEvent(table, urn, eventId),
    after: (from) => eventsAfter(table, from),
  };
}

export async function listCouncilEvents(table: TableRef, urn: string): Promise<StoredEvent[]> {
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(urn), ':prefix': SK.event },
  });
  return items.map((item) => ({ event: item.event as CouncilEvent, mergedIds: (item.mergedIds as string[]) ?? [], version: item.version as number }));
}

export async function getEvent(table: TableRef, urn: string, eventId: string): Promise<CouncilEvent | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: eventKey(urn, eventId), ConsistentRead: true }));
  return Item?.event as CouncilEvent | undefined;
}

/**
 * Writes an event once. Idempotent: writing the same event again changes nothing.
 * A news event and an Ofsted event about the same story (see merge.ts) become one
 * event with several sources; the one written first keeps its id, so subscribers
 * get one alert.
 */
export async function recordEvent(table: TableRef, event: CouncilEvent): Promise<RecordEventResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await listCouncilEvents(table, event.council.urn);
    const same = existing.find((stored) => stored.event.id === event.id || stored.mergedIds.includes(event.id));
    if (same) return { status: 'exists', eventId: same.event.id };
    const story = findSameStory(
      existing.map((stored) => stored.event),
      event,
    );
    if (!story) {
      const item = { ...eventKey(event.council.urn, event.id), gsi1pk: GSI1_PK.events, gsi1sk: eventPosition(event.detectedAt, event.id), event, mergedIds: [], version: 1 };
      const put = new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      if (await applied(() => table.doc.send(put))) return { status: 'created', eventId: event.id };
      continue; // Someone wrote this council's events meanwhile: read again and decide again.
    }
    const stored = existing.find((candidate) => candidate.event.id === story.id)!;
    // The merged event moves to the newcomer's place in detection order, so delivery reads it
    // again and can post the new sources in the thread of an alert already sent.
    const position = eventPosition(event.detectedAt > story.detectedAt ? event.detectedAt : story.detectedAt, story.id);
    const update = new UpdateCommand({
      TableName: table.tableName,
      Key: eventKey(event.council.urn, story.id),
      UpdateExpression: 'SET #event = :event, mergedIds = :mergedIds, version = :next, gsi1sk = :position',
      ConditionExpression: 'version = :version',
      ExpressionAttributeNames: { '#event': 'event' },
      ExpressionAttributeValues: {
        ':event': mergeInto(story, event),
        ':mergedIds': [...stored.mergedIds, event.id],
        ':version': stored.version,
        ':next': stored.version + 1,
        ':position': position,
      },
    });
    if (await applied(() => table.doc.send(update))) return { status: 'merged', eventId: story.id };
  }
  throw new Error(`recordEvent: could not write event ${event.id} after repeated concurrent updates`);
}

/** Events after `from` in detection order (GSI1, eventually consistent), a page at a time. */
export async function* eventsAfter(table: TableRef, from: string): AsyncIterable<EventInOrder[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: TABLE_SCHEMA.gsi1.indexName,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :from',
        ExpressionAttributeValues: { ':pk': GSI1_PK.events, ':from': from },
        ExclusiveStartKey: start,
      }),
    );
    yield (page.Items ?? []).map((item) => ({ position: String(item.gsi1sk), event: item.event, key: { pk: String(item.pk), sk: String(item.sk) } }));
    start = page.LastEvaluatedKey;
  } while (start);
}
