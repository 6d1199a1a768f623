/**
 * The one table in CDK: keys, attribute types and indexes from the same
 * CreateTable input local setup uses (shared/store/schema.ts), a stream for the
 * functions it wakes, point-in-time recovery, and kept when the stack goes.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { createTableInput, TABLE_SCHEMA } from '#shared/store/schema.ts';

export function buildTable(scope: Construct): dynamodb.Table {
  // Keys, attribute types and indexes come from the same CreateTable input local setup uses.
  const input = createTableInput('ofsted-watch');
  const attributeType = (name: string) => {
    const type = input.AttributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType;
    if (type !== 'S') throw new Error(`schema attribute ${name} has type ${type}; the stack maps only S`);
    return dynamodb.AttributeType.STRING;
  };
  const key = (schema: readonly { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[], type: 'HASH' | 'RANGE') => {
    const name = schema.find((k) => k.KeyType === type)?.AttributeName;
    if (!name) throw new Error(`schema key has no ${type} attribute`);
    return { name, type: attributeType(name) };
  };
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: key(input.KeySchema, 'HASH'),
    sortKey: key(input.KeySchema, 'RANGE'),
    billingMode: input.BillingMode === 'PAY_PER_REQUEST' ? dynamodb.BillingMode.PAY_PER_REQUEST : dynamodb.BillingMode.PROVISIONED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
    stream: dynamodb.StreamViewType.NEW_IMAGE,
    // The inspection history and subscriptions outlive the stack: `cdk destroy` leaves the table.
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
  for (const index of input.GlobalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      partitionKey: key(index.KeySchema, 'HASH'),
      sortKey: key(index.KeySchema, 'RANGE'),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
