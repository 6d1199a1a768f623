/** Where fan-out got to, in the table (DynamoDB): the FanoutCursorStore delivery takes (ports.ts). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../store/client.ts';
import { applied } from '../store/dynamo.ts';
import { scanCursorKey, SCANS } from '../store/keys.ts';
import type { FanoutCursorStore } from './ports.ts';

export const FANOUT_CURSOR_KEY = scanCursorKey(SCANS.fanout);

export function dynamoFanoutCursor(table: TableRef): FanoutCursorStore {
  return {
    async read() {
      const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: FANOUT_CURSOR_KEY, ConsistentRead: true }));
      return { position: typeof Item?.position === 'string' ? Item.position : null, recent: Array.isArray(Item?.recent) ? (Item.recent as string[]) : [] };
    },
    async save(cursor, now) {
      await applied(() =>
        table.doc.send(
          new PutCommand({
            TableName: table.tableName,
            Item: { ...FANOUT_CURSOR_KEY, position: cursor.position, recent: cursor.recent, updatedAt: now },
            ConditionExpression: 'attribute_not_exists(#position) OR #position <= :position',
            ExpressionAttributeNames: { '#position': 'position' },
            ExpressionAttributeValues: { ':position': cursor.position },
          }),
        ),
      );
    },
  };
}
