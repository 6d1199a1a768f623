import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableRef {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Document client for the table. With `endpoint` (local dynalite) it uses dummy
 * credentials and a fixed region, so local runs need no AWS account.
 */
export function connectTable(options: { tableName: string; endpoint?: string; region?: string }): TableRef {
  const client = options.endpoint
    ? new DynamoDBClient({
        endpoint: options.endpoint,
        region: options.region ?? 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      })
    : new DynamoDBClient({ region: options.region });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: options.tableName };
}
