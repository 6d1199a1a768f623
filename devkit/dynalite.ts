import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { connectTable, type TableRef } from '#shared/store/client.ts';
import { createTableInput, LOCAL_TABLE_NAME } from '#shared/store/schema.ts';
import { listenOnLoopback } from './listen.ts';

export interface LocalDynamo extends TableRef {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB over HTTP) on 127.0.0.1 and creates the table.
 * In memory unless `path` names a folder to keep the data in between runs.
 */
export async function startLocalDynamo(options: { port?: number; path?: string; tableName?: string } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  const { origin: endpoint } = await listenOnLoopback(server, options.port);
  const table = connectTable({ tableName: options.tableName ?? LOCAL_TABLE_NAME, endpoint });
  await ensureTable(table);
  return {
    ...table,
    endpoint,
    close: async () => {
      table.doc.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates the table if it does not exist yet (idempotent). */
export async function ensureTable(table: TableRef): Promise<void> {
  try {
    await table.doc.send(new CreateTableCommand(createTableInput(table.tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await table.doc.send(new DescribeTableCommand({ TableName: table.tableName }));
}
