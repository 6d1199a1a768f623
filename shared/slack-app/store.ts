/** The slash commands' ports (run.ts) on the DynamoDB table: subscriptions, and what the watch recorded about a council. */
import { createSubscription, deleteSubscription, listSubscriptions, replaceSubscription } from '../alerts/subscription-store.ts';
import { listInspections } from '../crawl/store.ts';
import { listCouncilEvents } from '../events/store.ts';
import type { TableRef } from '../store/client.ts';
import type { CouncilHistoryPort, SubscriptionsPort } from './run.ts';

export function tableSubscriptions(table: TableRef): SubscriptionsPort {
  return {
    list: () => listSubscriptions(table),
    create: (sub) => createSubscription(table, sub),
    replace: (next, seen) => replaceSubscription(table, next, seen),
    delete: (id) => deleteSubscription(table, id),
  };
}

export function tableHistory(table: TableRef): CouncilHistoryPort {
  return {
    inspections: (urn) => listInspections(table, urn),
    events: async (urn) => (await listCouncilEvents(table, urn)).map((stored) => stored.event),
  };
}
