/**
 * A recording proxy in front of a local DynamoDB (dynalite): every request a
 * function sends passes through it unchanged and is noted as the IAM request
 * it is: its action, whether it names the table or an index, and the
 * partition key values it touches (what `dynamodb:LeadingKeys` sees).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** Who sent it (set with `as`). */
  by: string;
  action: string;
  on: 'table' | 'index';
  keys: string[];
}

type AttributeMap = Record<string, { S?: string }>;

/** The partition key values a low-level DynamoDB request names. */
export function leadingKeysOf(action: string, body: Record<string, unknown>, tableName: string): string[] {
  const pkOf = (item: unknown) => (item as AttributeMap | undefined)?.pk?.S;
  switch (action) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [pkOf(body.Key)].filter((k): k is string => !!k);
    case 'PutItem':
      return [pkOf(body.Item)].filter((k): k is string => !!k);
    case 'BatchGetItem':
      return ((body.RequestItems as Record<string, { Keys: AttributeMap[] }>)[tableName]?.Keys ?? []).map(pkOf).filter((k): k is string => !!k);
    case 'BatchWriteItem':
      return ((body.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>)[tableName] ?? [])
        .map((write) => pkOf(write.PutRequest?.Item ?? write.DeleteRequest?.Key)).filter((k): k is string => !!k);
    case 'Query': {
      const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
      const values = (body.ExpressionAttributeValues ?? {}) as AttributeMap;
      const keyAttribute = body.IndexName ? 'gsi1pk' : 'pk';
      for (const [, name, value] of String(body.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
        if ((names[name!] ?? name) === keyAttribute) return [values[value!]?.S ?? ''];
      }
      throw new Error(`a Query with no equality on ${keyAttribute}: ${String(body.KeyConditionExpression)}`);
    }
    default:
      return [];
  }
}

export interface DynamoRecorder {
  endpoint: string;
  requests: RecordedRequest[];
  /** Notes what follows as sent by `who`. */
  as(who: string): void;
  close(): Promise<void>;
}

export async function startDynamoRecorder(target: string, tableName: string): Promise<DynamoRecorder> {
  const requests: RecordedRequest[] = [];
  let who = 'nobody';
  const upstream = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const action = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      requests.push({ by: who, action, on: body.IndexName ? 'index' : 'table', keys: leadingKeysOf(action, body, tableName) });
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    as: (name) => {
      who = name;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
