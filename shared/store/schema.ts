/**
 * The one DynamoDB table, defined once. CDK (infra/) and local setup
 * (devkit/dynalite.ts) both build it from this definition.
 *
 * Single-table design. Key prefixes and who owns them:
 *   COUNCIL#<urn> / META                      council scan state            (shared/crawl)
 *   COUNCIL#<urn> / PUB#<fileId>              publication seen             (shared/crawl)
 *   COUNCIL#<urn> / INSPECTION#<date>#<fileId> inspection record          (shared/crawl)
 *   COUNCIL#<urn> / EVENT#<eventId>           council event                (shared/crawl, shared/news)
 *   ANOMALY#<yyyy-mm-dd> / <time>#<id>        anomaly (operator warning)   (shared/crawl)
 *   SCAN#<name> / CURSOR                      scan cursor                  (shared/crawl, shared/news)
 *   SCAN#ofsted / WATCH                       the day the watch began      (shared/crawl)
 *   NEWS#<feedId> / ARTICLE#<sha256(url)>     news article read (TTL)      (shared/news)
 *   SUBSCRIPTION / <subscriptionId>           subscription                 (shared/alerts)
 *   OUTBOX#<subscriptionId> / <eventId>       delivery of one event to one subscription (shared/alerts)
 * GSI1 (gsi1pk, gsi1sk) serves "all items of a kind in order":
 *   EVENTS / <detectedAt>#<eventId>           events, for fan-out to subscriptions
 *   OUTBOX#<state> / <dueAt>#<subId>#<eventId> deliveries by state
 * `expiresAt` (epoch seconds) is the TTL attribute for items that may expire.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

/** Default table name for local runs; in AWS the name comes from the TABLE_NAME environment variable. */
export const LOCAL_TABLE_NAME = 'ofsted-watch';

/** CreateTable input for local setup (dynalite). Structural type so this module needs no SDK import. */
export function createTableInput(tableName: string) {
  const { partitionKey, sortKey, gsi1 } = TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [partitionKey, sortKey, gsi1.partitionKey, gsi1.sortKey].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi1.indexName,
        KeySchema: [
          { AttributeName: gsi1.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: gsi1.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}
