import { DescribeTableCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo, ensureTable } from '#shared/local/dynalite.ts';
import { TABLE_SCHEMA } from '#shared/store/schema.ts';

describe('table schema on dynalite', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startLocalDynamo();
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates the table with the keys and index the schema defines', async () => {
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([TABLE_SCHEMA.gsi1.indexName]);
  });

  it('is idempotent to set up twice and keeps data', async () => {
    await db.doc.send(new PutItemCommand({ TableName: db.tableName, Item: { pk: { S: 'A' }, sk: { S: 'B' } } }));
    await ensureTable(db);
    const { Item } = await db.doc.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: 'A' }, sk: { S: 'B' } } }));
    expect(Item?.pk?.S).toBe('A');
  });

  it('enforces the key schema like DynamoDB does', async () => {
    await expect(
      db.doc.send(new PutItemCommand({ TableName: db.tableName, Item: { pk: { S: 'A' } } })),
    ).rejects.toThrow(/key/i);
  });
});
