import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { connectTable, type TableRef } from '#shared/store/client.ts';
import { createTableInput, LOCAL_TABLE_NAME } from '#shared/store/schema.ts';
import { listenOnLoopback } from './listen.ts';
import { lockFolder } from './folder-lock.ts';

export interface LocalDynamo extends TableRef {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB over HTTP) on 127.0.0.1 and creates the table.
 * In memory unless `path` names a folder to keep the data in between runs;
 * that folder is then this process's until close() (folder-lock.ts: a second
 * process is refused with a message naming `holder`, e.g. "ofsted-watch invoke ofsted-scan").
 */
export async function startLocalDynamo(options: { port?: number; path?: string; tableName?: string; holder?: string } = {}): Promise<LocalDynamo> {
  const release = options.path ? lockFolder(options.path, options.holder ?? 'an ofsted-watch command') : () => undefined;
  try {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
    const { origin: endpoint } = await listenOnLoopback(server, options.port);
    const table = connectTable({ tableName: options.tableName ?? LOCAL_TABLE_NAME, endpoint });
    const close = async () => {
      table.doc.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      release();
    };
    await ensureTable(table).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    return { ...table, endpoint, close };
  } catch (error) {
    release();
    throw error;
  }
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
