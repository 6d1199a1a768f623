import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CouncilEvent } from '../domain/events.ts';
import type { TableRef } from '../store/client.ts';
import { addsNothing, findSameStory, mergeInto } from './merge.ts';

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
  const items: StoredEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': councilPk(urn), ':prefix': 'EVENT#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      items.push({ event: item.event as CouncilEvent, mergedIds: (item.mergedIds as string[]) ?? [], version: item.version as number });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function getEvent(table: TableRef, urn: string, eventId: string): Promise<CouncilEvent | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: eventKey(urn, eventId) }));
  return Item?.event as CouncilEvent | undefined;
}

export type RecordEventResult =
  | { status: 'created'; eventId: string }
  | { status: 'merged'; eventId: string }
  | { status: 'exists'; eventId: string };

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
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
    try {
      if (!story) {
        await table.doc.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...eventKey(event.council.urn, event.id),
              gsi1pk: EVENTS_INDEX_PK,
              gsi1sk: `${event.detectedAt}#${event.id}`,
              event,
              mergedIds: [],
              version: 1,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { status: 'created', eventId: event.id };
      }
      const stored = existing.find((candidate) => candidate.event.id === story.id)!;
      const merged = addsNothing(story, event) ? story : mergeInto(story, event);
      await table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: eventKey(event.council.urn, story.id),
          UpdateExpression: 'SET #event = :event, mergedIds = :mergedIds, version = :next',
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: { '#event': 'event' },
          ExpressionAttributeValues: {
            ':event': merged,
            ':mergedIds': [...stored.mergedIds, event.id],
            ':version': stored.version,
            ':next': stored.version + 1,
          },
        }),
      );
      return { status: 'merged', eventId: story.id };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Someone wrote this council's events meanwhile: read again and decide again.
    }
  }
  throw new Error(`recordEvent: could not write event ${event.id} after repeated concurrent updates`);
}
