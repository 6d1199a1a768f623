/** The /ofsted commands' stores (ports.ts) over the one DynamoDB table. */
import { dynamoSubscriptions } from '../alerts/subscription-store.ts';
import { dynamoCrawlStore } from '../crawl/store.ts';
import { dynamoEventStore } from '../events/store.ts';
import type { TableRef } from '../store/client.ts';
import type { SlashCommandStores } from './ports.ts';

export function dynamoSlashCommandStores(table: TableRef): SlashCommandStores {
  return {
    subscriptions: dynamoSubscriptions(table),
    inspections: dynamoCrawlStore(table),
    events: dynamoEventStore(table),
  };
}
