/** The run lease in the table (SCAN#<name> / LEASE): the RunLease port of lease.ts. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { processRunning as running } from '../runtime/processes.ts';
import type { TableRef } from './client.ts';
import { applied } from './dynamo.ts';
import { scanLeaseKey, type ScanName } from './keys.ts';
import type { RunLease } from './lease.ts';

export function dynamoRunLease(table: TableRef, scan: ScanName, self = { host: hostname(), pid: process.pid }): RunLease {
  const key = scanLeaseKey(scan);
  const take = (token: string, now: string, until: string, condition: string, values: Record<string, unknown>) =>
    applied(() =>
      table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...key, holder: token, since: now, until, host: self.host, pid: self.pid },
          ConditionExpression: condition,
          ...(condition.includes('#until') ? { ExpressionAttributeNames: { '#until': 'until' } } : {}),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  return {
    async acquire(now, until) {
      const token = randomUUID();
      if (await take(token, now, until, 'attribute_not_exists(holder) OR #until < :now', { ':now': now })) return { held: true, token };
      const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
      // The holder was a process of this machine that is gone: its lease is stale.
      const gone = Item?.holder && Item.host === self.host && typeof Item.pid === 'number' && Item.pid !== self.pid && !running(Item.pid);
      if (gone && (await take(token, now, until, 'holder = :stale', { ':stale': Item.holder }))) return { held: true, token };
      return { held: false, since: String(Item?.since ?? '?'), until: String(Item?.until ?? '?') };
    },
    async release(token, now) {
      await applied(() =>
        table.doc.send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: key,
            UpdateExpression: 'SET releasedAt = :now REMOVE holder',
            ConditionExpression: 'holder = :token',
            ExpressionAttributeValues: { ':token': token, ':now': now },
          }),
        ),
      );
    },
  };
}
