/**
 * What the /ofsted commands need from storage: the subscriptions (the same
 * SubscriptionStore delivery takes, shared/alerts/ports.ts), and what the watch
 * recorded about a council (its inspection records and its events). The
 * DynamoDB implementation is store.ts (dynamoSlashCommandStores); run.ts takes
 * these interfaces, never the table.
 */
import type { SubscriptionStore } from '../alerts/ports.ts';
import type { CrawlStore } from '../crawl/ports.ts';
import type { EventStore } from '../events/ports.ts';

export interface SlashCommandStores {
  subscriptions: Pick<SubscriptionStore, 'list' | 'create' | 'replace' | 'delete'>;
  inspections: Pick<CrawlStore, 'listInspections'>;
  events: Pick<EventStore, 'listCouncil'>;
}
