import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '#shared/store/client.ts';

const VOLATILE = new Set(['updatedAt', 'lastVisitedAt', 'detectedAt', 'lastSuccessAt', 'lastFullScanAt', 'at', 'expiresAt', 'gsi1sk', 'version']);

function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !VOLATILE.has(key))
        .map(([key, inner]) => [key, stripVolatile(inner)]),
    );
  }
  // Each run has its own replay server port; the origin is not state.
  if (typeof value === 'string') return value.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://replay');
  return value;
}

/** Every item in the table, sorted by key, without the fields that record when things happened. */
export async function dumpTable(table: TableRef): Promise<unknown[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .sort((a, b) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`))
    .map(stripVolatile);
}
