import { DescribeTableCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from './helpers/dynamo.ts';
import { ensureTable } from '#devkit/dynalite.ts';
import { TABLE_SCHEMA } from '#shared/store/schema.ts';

describe('table schema on dynalite', () => {
  const local = useLocalDynamo();

  it('creates the table with the keys and index the schema defines', async () => {
    const { Table } = await local().doc.send(new DescribeTableCommand({ TableName: local().tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([TABLE_SCHEMA.gsi1.indexName]);
  });

  it('is idempotent to set up twice and keeps data', async () => {
    await local().doc.send(new PutItemCommand({ TableName: local().tableName, Item: { pk: { S: 'A' }, sk: { S: 'B' } } }));
    await ensureTable(local());
    const { Item } = await local().doc.send(new GetItemCommand({ TableName: local().tableName, Key: { pk: { S: 'A' }, sk: { S: 'B' } } }));
    expect(Item?.pk?.S).toBe('A');
  });

  it('enforces the key schema like DynamoDB does', async () => {
    await expect(
      local().doc.send(new PutItemCommand({ TableName: local().tableName, Item: { pk: { S: 'A' } } })),
    ).rejects.toThrow(/key/i);
  });
});
