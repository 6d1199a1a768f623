/**
 * The IAM roles of a synthesised template, and a small evaluator of their
 * statements for DynamoDB requests: Allow/Deny, actions (with wildcards),
 * the table or its indexes, and `ForAllValues:StringLike` on
 * `dynamodb:LeadingKeys` (an empty set of keys passes it, as in IAM). Any other
 * condition makes the evaluator throw rather than guess.
 */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface TemplateRole {
  id: string;
  /** The principal that assumes it (lambda.amazonaws.com, scheduler.amazonaws.com, …). */
  principal: string;
  /** The registry function whose Lambda uses the role, if any (by its construct path). */
  functionPath: string | null;
  statements: Statement[];
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;

export function templateRoles(template: { Resources: Resources }): TemplateRole[] {
  const resources = template.Resources;
  const roles: TemplateRole[] = [];
  for (const [id, role] of Object.entries(resources)) {
    if (role.Type !== 'AWS::IAM::Role') continue;
    const assume = role.Properties!.AssumeRolePolicyDocument as { Statement: { Principal: { Service: string } }[] };
    const principal = assume.Statement.map((s) => s.Principal.Service).join(',');
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties!.Roles as { Ref: string }[]).some((ref) => ref.Ref === id))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties!.Role) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    roles.push({ id, principal, functionPath: fn ? String(fn.Metadata?.['aws:cdk:path'] ?? '') : null, statements });
  }
  return roles;
}

export type Target = 'table' | 'index' | 'stream' | 'other';

/** What a statement's resource names: the table (Fn::GetAtt Table…Arn), its indexes (…/index/*), its stream, or something else. */
export function targetOf(resource: unknown): Target {
  const text = JSON.stringify(resource);
  if (/^\{"Fn::GetAtt":\["Table[0-9A-F]+","Arn"\]\}$/.test(text)) return 'table';
  if (/^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["Table[0-9A-F]+","Arn"\]\},"\/index\/\*"\]\]\}$/.test(text)) return 'index';
  if (/^\{"Fn::GetAtt":\["Table[0-9A-F]+","StreamArn"\]\}$/.test(text)) return 'stream';
  return 'other';
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
export const targetsOf = (statement: Statement): Target[] => [statement.Resource].flat().map(targetOf);

/** IAM StringLike: `*` any run of characters, `?` one character. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(value);
}

function actionMatches(pattern: string, action: string): boolean {
  return stringLike(pattern.toLowerCase(), action.toLowerCase());
}

/** The leading-keys patterns of a statement, or null when it has no condition. */
export function leadingKeysOf(statement: Statement): string[] | null {
  if (!statement.Condition) return null;
  const operators = Object.keys(statement.Condition);
  if (operators.length !== 1 || operators[0] !== 'ForAllValues:StringLike') throw new Error(`condition not understood: ${JSON.stringify(statement.Condition)}`);
  const keys = Object.keys(statement.Condition['ForAllValues:StringLike']!);
  if (keys.length !== 1 || keys[0] !== 'dynamodb:LeadingKeys') throw new Error(`condition not understood: ${JSON.stringify(statement.Condition)}`);
  return [statement.Condition['ForAllValues:StringLike']!['dynamodb:LeadingKeys']!].flat();
}

export interface TableRequest {
  /** e.g. "GetItem". */
  action: string;
  on: 'table' | 'index';
  /** The partition key values the request names (none for a Scan). */
  keys: readonly string[];
}

function matches(statement: Statement, request: TableRequest): boolean {
  if (!actionsOf(statement).some((pattern) => actionMatches(pattern, `dynamodb:${request.action}`))) return false;
  if (!targetsOf(statement).includes(request.on)) return false;
  const patterns = leadingKeysOf(statement);
  return patterns === null || request.keys.every((key) => patterns.some((pattern) => stringLike(pattern, key)));
}

/** Whether the statements allow the request: some Allow matches and no Deny does. */
export function allows(statements: readonly Statement[], request: TableRequest): boolean {
  return statements.some((s) => s.Effect === 'Allow' && matches(s, request)) && !statements.some((s) => s.Effect === 'Deny' && matches(s, request));
}
