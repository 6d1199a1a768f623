/**
 * What the jobs need from the event store. The DynamoDB implementation is
 * store.ts (dynamoEventStore); jobs take this interface, never the table.
 */
import type { CouncilEvent } from '../domain/events.ts';

export interface StoredEvent {
  event: CouncilEvent;
  /** Ids of events merged into this one (so re-writing them is recognised). */
  mergedIds: string[];
  version: number;
}

export type RecordEventResult =
  | { status: 'created'; eventId: string }
  | { status: 'merged'; eventId: string }
  | { status: 'exists'; eventId: string };

/** One event as fan-out reads it: its position in detection order, and the item as stored (checked by the reader). */
export interface EventInOrder {
  /** `<detectedAt>#<eventId>`: positions sort in detection order. */
  position: string;
  /** The stored event; fan-out checks its shape before trusting it. */
  event: unknown;
  /** Where it is stored, for warnings about a malformed item. */
  key: { pk: string; sk: string };
}

export interface EventStore {
  /**
   * Writes an event once. Idempotent: the same event again changes nothing. A
   * news event and an Ofsted event about the same story become one event with
   * several sources; the one written first keeps its id, so subscribers get one alert.
   */
  record(event: CouncilEvent): Promise<RecordEventResult>;
  listCouncil(urn: string): Promise<StoredEvent[]>;
  get(urn: string, eventId: string): Promise<CouncilEvent | undefined>;
  /** Every event after position `from` ('' for all), in detection order, a page at a time. */
  after(from: string): AsyncIterable<EventInOrder[]>;
}
