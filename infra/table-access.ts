/**
 * A function's access to the one table, from its registry entry: one IAM
 * statement per grant of store/access.ts, each limited to its items by a
 * `dynamodb:LeadingKeys` condition and to the actions its stores use. A
 * function with no table access gets no statement at all.
 */
import { Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TABLE_ACCESS, type TableGrant } from '#shared/store/access.ts';
import type { FunctionSpec } from '#shared/runtime/registry.ts';

/** The IAM statement of one grant. */
export function grantStatement(table: dynamodb.ITable, grant: TableGrant): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: grant.items + (grant.index ? 'ByIndex' : ''),
    actions: grant.actions.map((action) => `dynamodb:${action}`),
    resources: [grant.index ? `${table.tableArn}/index/*` : table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.keys] } },
  });
}

export function grantTableAccess(role: iam.Role, table: dynamodb.ITable, spec: FunctionSpec, tableLogicalId: string): void {
  if (!spec.table) return;
  const grants: readonly TableGrant[] = TABLE_ACCESS[spec.table];
  for (const grant of grants) role.addToPolicy(grantStatement(table, grant));
  if (grants.some((grant) => grant.index)) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'DynamoDB requires table/index/* (or the index ARN) for Query on a GSI; the statement allows Query only, on the index partitions named in its LeadingKeys condition.',
    });
  }
}
