/**
 * What the news scan needs from storage: the articles it has dealt with, and
 * the event store (shared/events/ports.ts). The DynamoDB implementation is
 * store.ts (dynamoNewsStores); the scan takes these interfaces, never the table.
 */
import type { EventStore } from '../events/ports.ts';
import type { RunLease } from '../store/lease.ts';

export type ArticleStatus =
  /** Read, events written. */
  | 'done'
  /** Will not be read: not an article, gone (404), disallowed, too old. */
  | 'skipped'
  /** Failed with an error that may heal; tried again next run until maxAttempts. */
  | 'failed'
  /** Failed maxAttempts times: left alone. */
  | 'gave_up';

export interface ArticleState {
  feedId: string;
  url: string;
  status: ArticleStatus;
  attempts: number;
  title: string | null;
  eventIds: string[];
  reason: string | null;
  updatedAt: string;
}

export interface ArticleStore {
  get(feedId: string, url: string): Promise<ArticleState | undefined>;
  put(state: ArticleState): Promise<void>;
}

export interface NewsStores {
  articles: ArticleStore;
  events: EventStore;
  /** One run at a time (default: none). */
  lease?: RunLease;
}
