import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { TableRef } from '../store/client.ts';
import { findSameStory, mergeInto } from './merge.ts';

export const EVENTS_INDEX_PK = 'EVENTS';

export function councilPk(urn: string): string {
  return `COUNCIL#${urn}`;
}

export function eventKey(urn: string, eventId: string) {
  return { pk: councilPk(urn), sk: `EVENT#${eventId}` };
}

export interface StoredEvent {
  event: CouncilEvent;
  /** Ids of events merged into this one (so re-writing them is recognised). */
  mergedIds: string[];
  version: number;
}

export async function listCouncilEvents(table: TableRef, urn: string): Promise<StoredEvent[]> {
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(urn), ':prefix': 'EVENT#' },
  });
  return items.map((item) => ({ event: item.event as CouncilEvent, mergedIds: (item.mergedIds as string[]) ?? [], version: item.version as number }));
}

export async function getEvent(table: TableRef, urn: string, eventId: string): Promise<CouncilEvent | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: eventKey(urn, eventId) }));
  return Item?.event as CouncilEvent | undefined;
}

export type RecordEventResult =
  | { status: 'created'; eventId: string }
  | { status: 'merged'; eventId: string }
  | { status: 'exists'; eventId: string };

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
      const item = { ...eventKey(event.council.urn, event.id), gsi1pk: EVENTS_INDEX_PK, gsi1sk: `${event.detectedAt}#${event.id}`, event, mergedIds: [], version: 1 };
      const put = new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      if (await applied(() => table.doc.send(put))) return { status: 'created', eventId: event.id };
      continue; // Someone wrote this council's events meanwhile: read again and decide again.
    }
    const stored = existing.find((candidate) => candidate.event.id === story.id)!;
    // The merged event moves to the newcomer's place in detection order, so delivery reads it
    // again and can post the new sources in the thread of an alert already sent.
    const position = `${event.detectedAt > story.detectedAt ? event.detectedAt : story.detectedAt}#${story.id}`;
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
