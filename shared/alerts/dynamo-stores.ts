/** Delivery's stores over the one DynamoDB table: what the handler, local runs and tests pass to runDelivery. */
import { dynamoEventStore } from '../events/store.ts';
import type { TableRef } from '../store/client.ts';
import type { DeliveryStores } from './delivery-context.ts';
import { dynamoFanoutCursor } from './fanout-cursor.ts';
import { dynamoOutbox } from './outbox.ts';
import { dynamoSubscriptions } from './subscription-store.ts';

export function dynamoDeliveryStores(table: TableRef): DeliveryStores {
  return {
    events: dynamoEventStore(table),
    outbox: dynamoOutbox(table),
    subscriptions: dynamoSubscriptions(table),
    fanoutCursor: dynamoFanoutCursor(table),
  };
}
