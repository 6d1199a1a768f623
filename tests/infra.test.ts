/**
 * The synthesized stack, with real bundling (esbuild, locally), asserted on
 * what a deployer relies on: runtimes, schedules, dead letters, IAM scope,
 * retention, alarms, and a clean cdk-nag AwsSolutions report.
 * One synth for the whole file (beforeAll): bundling is the slow part.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { execFile } from 'node:child_process';
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, functionSpec, scheduleTrigger } from '#shared/runtime/registry.ts';
import { buildApp } from '../infra/app.ts';
import { esbuildOptions } from '../infra/bundle-options.ts';
import { AwsSolutionsChecks } from '../infra/nag.ts';
import { pascal, type OfstedWatchStack } from '../infra/stack.ts';
import { METRIC_NAMES, METRICS_NAMESPACE } from '#shared/runtime/metrics.ts';
import { startLocalDynamo } from '#devkit/dynalite.ts';
import { articleFromText, startNewsSite } from '#devkit/news-site.ts';
import { fixturePublications } from '#devkit/replay/fixture-model.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { createTableInput, TABLE_SCHEMA } from '#shared/store/schema.ts';
import { councilPk, eventKey } from '#shared/store/keys.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const shippedContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

const context = {
  ...shippedContext,
  'ofsted-watch:contactUrl': 'https://example.org/ofsted-watch',
  'ofsted-watch:alarmEmail': 'alerts@example.org',
  'ofsted-watch:defaultSubscription': { webhookSecretName: 'team/slack-webhook', councils: ['Stockton Council', '80564'] },
  'ofsted-watch:logRetentionDays': 30,
  'ofsted-watch:slack': { teamId: 'T0NEWSROOM', signingSecretName: 'team/slack-signing-secret' },
  // What the CDK CLI sets: construct paths and asset paths in resource metadata.
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
};

let outdir: string;
let stack: OfstedWatchStack;
let template: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'ofsted-watch-synth-'));
  const app = new App({ outdir, context });
  stack = buildApp(app, null);
  app.synth(); // runs cdk-nag: any unacknowledged finding fails synthesis
  template = Template.fromStack(stack);
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const resourcesOf = (type: string) => template.findResources(type);
const lambdaNames = () =>
  Object.values(resourcesOf('AWS::Lambda::Function')).map((r) => String((r.Metadata as Record<string, string>)['aws:cdk:path']).split('/')[1]);

describe('functions', () => {
  it('every Lambda in the stack is a registry function and every registry function is deployed', () => {
    expect(lambdaNames().sort()).toEqual(FUNCTIONS.map((f) => pascal(f.name)).sort());
  });

  it('runs Node 24 on arm64 with source maps, memory and timeout from the registry', () => {
    for (const spec of FUNCTIONS) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        Description: spec.description,
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps', ...(spec.table ? { TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') } } : {}) }) },
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${pascal(spec.name)}Logs`) } },
      });
    }
  });

  it('bundles each handler as minified ESM with a source map, loadable by Node 24 without node_modules', async () => {
    const functions = Object.values(resourcesOf('AWS::Lambda::Function'));
    for (const fn of functions) {
      const asset = String((fn.Metadata as Record<string, string>)['aws:asset:path']);
      const dir = join(outdir, asset);
      expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // Minified: the comments of our own modules are gone; ESM with the createRequire banner first.
      expect(code).not.toContain('The shell every handler shares');
      expect(code.startsWith("import { createRequire as __owCreateRequire } from 'node:module';")).toBe(true);
      const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sources.some((source) => source.endsWith('shared/runtime/lambda.ts'))).toBe(true);
      expect(map.sourcesContent).toBeUndefined();
    }
    // Load every bundle in a fresh Node 24 process, copied away from the repository's node_modules.
    for (const fn of functions) {
      const copy = mkdtempSync(join(tmpdir(), 'ofsted-watch-bundle-'));
      try {
        cpSync(join(outdir, String((fn.Metadata as Record<string, string>)['aws:asset:path'])), copy, { recursive: true });
        const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e',
          `const m = await import(${JSON.stringify(join(copy, 'index.mjs'))}); console.log(typeof m.handler);`], { cwd: copy });
        expect(stdout.trim()).toBe('function');
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    }
  });

  it('keeps pdf.js out of the ofsted-scan entry file: a lazily loaded chunk, so the entry is under 1.5 MB', async () => {
    const spec = functionSpec('ofsted-scan');
    const fn = Object.values(resourcesOf('AWS::Lambda::Function')).find((f) => String((f.Metadata as Record<string, string>)['aws:cdk:path']).includes(`/${pascal(spec.name)}/`))!;
    const dir = join(outdir, String((fn.Metadata as Record<string, string>)['aws:asset:path']));
    // The deployed asset: a small entry whose source map has no unpdf, and a chunk that holds pdf.js.
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(1.5 * 1024 * 1024);
    const sourcesOf = (file: string) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources;
    expect(sourcesOf(join(dir, 'index.mjs')).filter((source) => source.includes('node_modules/unpdf/'))).toEqual([]);
    const chunks = readdirSync(join(dir, 'chunks')).filter((name) => name.endsWith('.mjs'));
    expect(chunks.some((name) => sourcesOf(join(dir, 'chunks', name)).some((source) => source.includes('node_modules/unpdf/pdfjs') || source.includes('node_modules/unpdf/dist/pdfjs')))).toBe(true);
    // The same options' metafile: unpdf is not an input of the entry, nor of any chunk the entry imports statically.
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-meta-'));
    try {
      const { metafile } = await build({ ...esbuildOptions(join(root, spec.entry), scratch), write: false });
      if (!metafile) throw new Error('the bundle options must ask esbuild for a metafile');
      const entryOutput = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint === spec.entry)!;
      const atInit = [entryOutput, ...metafile.outputs[entryOutput]!.imports.filter((i) => i.kind === 'import-statement' && metafile.outputs[i.path]).map((i) => i.path)];
      expect(Object.keys(metafile.outputs[entryOutput]!.inputs).some((input) => input.includes('node_modules/unpdf/'))).toBe(false);
      for (const output of atInit) expect(Object.keys(metafile.outputs[output]!.inputs).filter((input) => input.includes('node_modules/unpdf/'))).toEqual([]);
      expect(metafile.outputs[entryOutput]!.bytes).toBeLessThan(1.5 * 1024 * 1024);
      expect(Object.values(metafile.outputs).some((o) => Object.keys(o.inputs).some((input) => input.includes('node_modules/unpdf/')))).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('runs the bundled scan handlers end to end (pdf.js from its lazy chunk, cheerio, the HTTP client) against local sites', async () => {
    const db = await startLocalDynamo();
    const councils = [{ urn: '80564', name: 'Stoke-on-Trent' }];
    const replay = await startReplaySite({ model: { councils, publications: fixturePublications().filter((p) => p.urn === '80564') } });
    const news = await startNewsSite({ outlet: 'Gazette', feeds: [{ id: 'g', format: 'atom' }] });
    news.addArticle('g', articleFromText('stoke', 'Stoke-on-Trent children\'s services rated inadequate\nOfsted has rated Stoke-on-Trent City Council\'s children\'s services inadequate.', { published: new Date().toISOString(), shape: 'opengraph' }));
    const functions = Object.values(resourcesOf('AWS::Lambda::Function'));
    const bundleOf = (name: string) => join(outdir, String((functions.find((f) => String((f.Metadata as Record<string, string>)['aws:cdk:path']).includes(`/${pascal(name)}/`))!.Metadata as Record<string, string>)['aws:asset:path']), 'index.mjs');
    const runBundle = async (name: string, env: Record<string, string>) => {
      const script = `const { handler } = await import(${JSON.stringify(bundleOf(name))});
        const result = await handler({ source: 'ofsted-watch.schedule', function: '${name}', scheduledTime: 'T' }, { awsRequestId: 't', getRemainingTimeInMillis: () => 60000 });
        process.stderr.write(JSON.stringify(result));`;
      const { stderr } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
        cwd: tmpdir(), env: { PATH: process.env.PATH, TABLE_NAME: db.tableName, DYNAMODB_ENDPOINT: db.endpoint, CONTACT_URL: 'https://example.org/contact', ...env },
      });
      return JSON.parse(stderr) as Record<string, unknown>;
    };
    try {
      expect(await runBundle('ofsted-scan', { OFSTED_BASE_URL: replay.origin })).toMatchObject({ providersListed: 1, recordsWritten: 2, failures: 1, anomalies: 1 });
      const newsRun = await runBundle('news-scan', { NEWS_FEEDS: JSON.stringify([{ id: 'g', outlet: 'Gazette', url: news.feedUrl('g') }]) });
      expect(newsRun).toMatchObject({ feeds: [expect.objectContaining({ feedId: 'g', status: 'ok', fetched: 1 })] });
    } finally {
      await Promise.all([db.close(), replay.close(), news.close()]);
    }
  }, 60_000);

  it('gives each function its own log group with the configured retention, removed with the stack', () => {
    const groups = resourcesOf('AWS::Logs::LogGroup');
    expect(Object.keys(groups)).toHaveLength(FUNCTIONS.length);
    for (const group of Object.values(groups)) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.DeletionPolicy).toBe('Delete');
    }
  });

  it('does not retry asynchronous (scheduled) invocations, so a failed scan never overlaps the next', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', FUNCTIONS.length);
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });
});

describe('table', () => {
  it('is built from the shared schema: keys, index, TTL, stream, on-demand, PITR, retained', () => {
    const input = createTableInput('x');
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: input.KeySchema,
        AttributeDefinitions: Match.arrayWith(input.AttributeDefinitions.map((a) => Match.objectLike(a))),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: TABLE_SCHEMA.gsi1.indexName, KeySchema: input.GlobalSecondaryIndexes[0]!.KeySchema, Projection: { ProjectionType: 'ALL' } })],
      },
    });
  });
});

describe('triggers', () => {
  const schedules = () => Object.values(resourcesOf('AWS::Scheduler::Schedule')).map((s) => s.Properties);

  it('has one Scheduler schedule per expression, in Europe/London, with retries and the scheduler DLQ', () => {
    const expected = FUNCTIONS.flatMap((f) => scheduleTrigger(f)?.expressions ?? []);
    expect(schedules().map((s) => s.ScheduleExpression).sort()).toEqual([...expected].sort());
    const dlq = stack.resolve(stack.schedulerDeadLetters.queueArn);
    for (const s of schedules()) {
      expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
      expect(s.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(s.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 });
      expect(s.Target.DeadLetterConfig).toEqual({ Arn: dlq });
    }
  });

  it('targets the right function from each schedule, with the scheduled-run event', () => {
    for (const spec of FUNCTIONS) {
      const fnArn = stack.resolve(stack.functions[spec.name]!.function.functionArn);
      const mine = schedules().filter((s) => JSON.stringify(s.Target.Arn) === JSON.stringify(fnArn));
      expect(mine.map((s) => s.ScheduleExpression).sort()).toEqual([...(scheduleTrigger(spec)?.expressions ?? [])].sort());
      for (const s of mine) {
        expect(JSON.parse(s.Target.Input)).toEqual({ source: 'ofsted-watch.schedule', function: spec.name, scheduledTime: '<aws.scheduler.scheduled-time>' });
      }
    }
  });

  it('wakes deliver-alerts from the table stream, filtered to event items, with bisect and an on-failure queue', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^DeliverAlertsFunction') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamFailures'), 'Arn'] } } },
      FilterCriteria: {
        Filters: [{
          Pattern: JSON.stringify({
            eventName: ['INSERT', 'MODIFY'],
            dynamodb: { Keys: { pk: { S: [{ prefix: 'COUNCIL#' }] }, sk: { S: [{ prefix: 'EVENT#' }] } } },
          }),
        }],
      },
    });
  });

  it('filters the stream to exactly the keys council events are written with', () => {
    const trigger = functionSpec('deliver-alerts').triggers.find((t) => t.type === 'table-stream')!;
    if (trigger.type !== 'table-stream') throw new Error('no stream trigger');
    const passes = (key: { pk: string; sk: string }) => key.pk.startsWith(trigger.pkPrefix) && trigger.skPrefixes.some((prefix) => key.sk.startsWith(prefix));
    expect(passes(eventKey('80563', 'ofsted-abc'))).toBe(true);
    expect(passes({ pk: councilPk('80563'), sk: 'INSPECTION#2019-07-02#abc' })).toBe(false);
    expect(passes({ pk: 'SUBSCRIPTION', sk: 'EVENT#x' })).toBe(false);
  });

  it('encrypts the dead-letter queues and refuses plain-HTTP access to them', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('IAM', () => {
  type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
  const policies = () =>
    Object.entries(resourcesOf('AWS::IAM::Policy')).map(([id, p]) => ({ id, statements: p.Properties.PolicyDocument.Statement as Statement[] }));

  it('uses no managed policies', () => {
    for (const role of Object.values(resourcesOf('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('scopes every statement to named resources; the only "*" is dynamodb:ListStreams, which AWS requires', () => {
    for (const { statements } of policies()) {
      for (const statement of statements) {
        const resources = [statement.Resource].flat();
        if (resources.includes('*')) expect(statement.Action).toBe('dynamodb:ListStreams');
        expect([statement.Action].flat().some((a) => a.endsWith(':*') || a === '*')).toBe(false);
      }
    }
  });

  it('lets each function write only its own log group (its table access is tests/infra-iam.test.ts\'s)', () => {
    for (const spec of FUNCTIONS.filter((f) => f.name !== 'slack-commands')) {
      const policy = policies().find((p) => p.id.startsWith(`${pascal(spec.name)}RoleDefaultPolicy`))!;
      expect(policy.statements).toContainEqual(expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${pascal(spec.name)}Logs`)), 'Arn'] },
      }));
    }
  });

  it('lets slack-commands read council records and subscriptions, write only subscriptions, read only its signing secret, and invoke only itself', () => {
    const policy = policies().find((p) => p.id.startsWith('SlackCommandsRoleDefaultPolicy'))!;
    // Its table statements, item by item, are checked with every role's in tests/infra-iam.test.ts.
    const writes = policy.statements.filter((st) => [st.Action].flat().some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)));
    expect(writes).toEqual([expect.objectContaining({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUBSCRIPTION'] } } })]);
    expect(JSON.stringify(policy.statements)).not.toMatch(/\/index\/|StreamArn|dynamodb:(GetRecords|GetShardIterator|DescribeStream|ListStreams)/);
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:secret:${name}`]] });
    expect(policy.statements).toContainEqual(expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: arn('team/slack-signing-secret-??????') }));
    const invoke = policies().find((p) => p.id.startsWith('SlackCommandsInvokeItself'))!;
    expect(invoke.statements).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SlackCommandsFunction/), 'Arn'] } })]);
    const fn = Object.values(resourcesOf('AWS::Lambda::Function')).find((f) => String((f.Metadata as Record<string, string>)['aws:cdk:path']).includes('SlackCommands'))!;
    expect(fn.Properties.Environment.Variables).toMatchObject({ SLACK_TEAM_ID: 'T0NEWSROOM', SLACK_SIGNING_SECRET_NAME: 'team/slack-signing-secret' });
    expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toMatch(/xox|BOT_TOKEN/);
  });

  it('serves slack-commands on a function URL that Slack can reach (the signature is the check), and outputs it as the Request URL', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SlackCommandsFunction'), 'Arn'] } });
    expect(Object.keys(resourcesOf('AWS::Lambda::Url'))).toHaveLength(1);
    const output = template.toJSON().Outputs.SlackCommandsUrl;
    expect(JSON.stringify(output.Value)).toMatch(/FunctionUrl.*slack\/commands/);
  });

  it('lets only deliver-alerts read webhook secrets and the bot token, only slack-commands the signing secret; values only', () => {
    const secretStatements = policies().flatMap((p) => p.statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:'))).map((s) => ({ id: p.id, s })))
      .filter(({ id }) => !id.startsWith('SlackCommandsRole'));
    expect(secretStatements).toHaveLength(1);
    expect(secretStatements[0]!.id).toMatch(/^DeliverAlertsRole/);
    expect(secretStatements[0]!.s.Action).toBe('secretsmanager:GetSecretValue');
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:secret:${name}`]] });
    expect(secretStatements[0]!.s.Resource).toEqual([arn('ofsted-watch/*'), arn('team/slack-webhook-??????')]);
    const delivery = Object.values(resourcesOf('AWS::Lambda::Function')).find((f) => String((f.Metadata as Record<string, string>)['aws:cdk:path']).includes('DeliverAlerts'))!;
    const subscription = JSON.parse(delivery.Properties.Environment.Variables.DEFAULT_SUBSCRIPTION);
    expect(subscription).toEqual({ webhookSecretName: 'team/slack-webhook', councilUrns: ['80563', '80564'] });
    // The bot token's default name is under the prefix, so the prefix grant covers it; the function gets its name, never its value.
    expect(delivery.Properties.Environment.Variables.SLACK_BOT_TOKEN_SECRET_NAME).toBe('ofsted-watch/slack-bot-token');
    expect(JSON.stringify(template.toJSON())).not.toMatch(/hooks\.slack\.com/);
  });

  it('outputs what the CLI and operators need: table name, alarm topic, dead-letter queues, secret prefix', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(['AlarmTopicArn', 'SchedulerDeadLettersUrl', 'SiteUrl', 'SlackCommandsUrl', 'StreamFailuresUrl', 'TableName', 'WebhookSecretPrefix']);
    template.hasOutput('WebhookSecretPrefix', { Value: 'ofsted-watch/' });
  });

  it('lets the scheduler invoke only its own function and write only to the scheduler DLQ', () => {
    for (const { id, statements } of policies().filter((p) => p.id.startsWith('SchedulerRoleForTarget'))) {
      expect(statements.map((s) => s.Action).sort(), id).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
      expect(statements.find((s) => s.Action === 'sqs:SendMessage')!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SchedulerDeadLetters/), 'Arn'] });
    }
  });
});

describe('the national site', () => {
  it('keeps the pages in a private, encrypted, TLS-only bucket that only the distribution can read (origin access control)', () => {
    const [pagesId, pages] = Object.entries(resourcesOf('AWS::S3::Bucket')).find(([id]) => id.startsWith('SitePages'))!;
    expect(pages.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(pages.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(pages.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: expect.stringMatching(/^SiteAccessLogs/) } });
    const policy = Object.values(resourcesOf('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === pagesId)!;
    const statements = policy.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } })]);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('serves it over HTTPS only, with security headers, its own 404 page and access logs', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'] }),
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteAccessLogs'), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
        CustomErrorResponses: Match.arrayWith([Match.objectLike({ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html' })]),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'none'; script-src 'self'"), Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000 }),
        }),
      }),
    });
  });

  it('lets publish-site list the bucket and write and remove its objects, and nothing else may write it', () => {
    type Statement = { Action: string | string[] };
    const policies = () =>
      Object.entries(resourcesOf('AWS::IAM::Policy')).map(([id, p]) => ({ id, statements: p.Properties.PolicyDocument.Statement as Statement[] }));
    const publish = policies().find((p) => p.id.startsWith('PublishSiteRoleDefaultPolicy'))!;
    const s3 = publish.statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.map((st) => [st.Action].flat().sort())).toEqual([['s3:ListBucket'], ['s3:DeleteObject', 's3:PutObject']]);
    for (const other of policies().filter((p) => !p.id.startsWith('PublishSite'))) {
      expect(other.statements.some((st) => [st.Action].flat().some((a) => /^s3:(Put|Delete)/.test(a))), other.id).toBe(false);
    }
    const fn = Object.values(resourcesOf('AWS::Lambda::Function')).find((f) => String((f.Metadata as Record<string, string>)['aws:cdk:path']).includes('/PublishSite/'))!;
    expect(fn.Properties.Environment.Variables).toMatchObject({ SITE_BUCKET: { Ref: expect.stringMatching(/^SitePages/) }, SITE_URL: expect.anything() });
  });

  it('wakes publish-site when a scan records an inspection or an event, batched, and once a day', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^PublishSiteFunction') },
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 120,
      FilterCriteria: {
        Filters: ['INSPECTION#', 'EVENT#'].map((prefix) => ({
          Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: [{ prefix: 'COUNCIL#' }] }, sk: { S: [{ prefix }] } } } }),
        })),
      },
    });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const topic = () => ({ Ref: Object.keys(resourcesOf('AWS::SNS::Topic'))[0] });

  it('send alarm and recovery to the SNS topic, which emails the configured address and requires TLS', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alerts@example.org', TopicArn: topic() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('fire when any dead-letter queue holds a message', () => {
    for (const queue of ['SchedulerDeadLetters', 'StreamFailures']) {
      expect(alarms()).toContainEqual(expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${queue}`)), 'QueueName'] } }],
      }));
    }
  });

  it('fire on any function error', () => {
    for (const spec of FUNCTIONS) {
      expect(alarms()).toContainEqual(expect.objectContaining({
        MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1, Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: expect.stringMatching(new RegExp(`^${pascal(spec.name)}Function`)) } }],
      }));
    }
  });

  it('fire when many Slack requests are refused (a rotated signing secret, or probing) and when commands answer too slowly for Slack', () => {
    expect(alarms()).toContainEqual(expect.objectContaining({
      Namespace: METRICS_NAMESPACE, MetricName: METRIC_NAMES.slackRequestsRefused, Dimensions: [{ Name: 'Function', Value: 'slack-commands' }],
      Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    }));
    expect(alarms()).toContainEqual(expect.objectContaining({
      Namespace: 'AWS/Lambda', MetricName: 'Duration', ExtendedStatistic: 'p90', Threshold: 2500, ComparisonOperator: 'GreaterThanThreshold',
    }));
  });

  it('fire on scan anomalies, and when a scan has not succeeded for 24 hours (missing data breaches)', () => {
    for (const fn of ['ofsted-scan', 'news-scan']) {
      const dimensions = [{ Name: 'Function', Value: fn }];
      expect(alarms()).toContainEqual(expect.objectContaining({
        Namespace: METRICS_NAMESPACE, MetricName: METRIC_NAMES.anomalies, Dimensions: dimensions,
        Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      }));
      expect(alarms()).toContainEqual(expect.objectContaining({
        Namespace: METRICS_NAMESPACE, MetricName: METRIC_NAMES.scanSucceeded, Dimensions: dimensions, Statistic: 'Sum',
        Period: 3600, EvaluationPeriods: 24, DatapointsToAlarm: 24, Threshold: 1,
        ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching',
      }));
    }
  });

  it('fire for a week when the weekly check of the live sources found something that did not hold', () => {
    expect(alarms()).toContainEqual(expect.objectContaining({
      Namespace: METRICS_NAMESPACE, MetricName: METRIC_NAMES.sourceChecksFailed, Dimensions: [{ Name: 'Function', Value: 'check-sources' }], Statistic: 'Sum',
      Period: 86_400, EvaluationPeriods: 7, DatapointsToAlarm: 1, Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    }));
    const canary = Object.values(resourcesOf('AWS::Scheduler::Schedule')).filter((s) => JSON.parse(s.Properties.Target.Input as string).function === 'check-sources');
    expect(canary.map((s) => s.Properties.ScheduleExpression)).toEqual(['cron(0 6 ? * MON *)']);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the stack', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId ?? '').join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('does find problems when there are some (the check is live)', () => {
    const probe = new Stack(new App(), 'Probe');
    new sqs.Queue(probe, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks().validateScope(probe);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining([expect.stringContaining('AwsSolutions-SQS')]));
  });
});
