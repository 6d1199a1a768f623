/** The handler shell: environment validation, logs, EMF metrics, failures, deadlines, local secrets. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler, deadlineFrom, describeTrigger } from '#shared/runtime/lambda.ts';
import { createLogger } from '#shared/runtime/log.ts';
import { emfLine, METRIC_NAMES, METRICS_NAMESPACE } from '#shared/runtime/metrics.ts';
import { fileSecretResolver, SecretNotFoundError } from '#shared/runtime/secrets.ts';

const WEBHOOK = 'https://hooks.slack.com/services/T0001/B0002/abcdefSECRET123';
const context = (remainingMs = 60_000) => ({ awsRequestId: 'req-1', getRemainingTimeInMillis: () => remainingMs });

function collector() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line), json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('structured logger', () => {
  it('writes one JSON object per line with level, message and fields, and honours the level', () => {
    const out = collector();
    const logger = createLogger({ level: 'info', base: { function: 'news-scan' }, write: out.write, now: () => new Date('2025-06-02T10:00:00Z') });
    logger.debug('hidden');
    logger.child({ requestId: 'r1' }).warn('site_changed', { url: 'https://example.org/x', count: 2 });
    expect(out.json()).toEqual([{ time: '2025-06-02T10:00:00.000Z', level: 'warn', msg: 'site_changed', function: 'news-scan', requestId: 'r1', url: 'https://example.org/x', count: 2 }]);
  });

  it('never writes a Slack webhook URL, wherever it appears', () => {
    const out = collector();
    const logger = createLogger({ write: out.write });
    logger.error('post_failed', { webhook: WEBHOOK, error: new Error(`request to ${WEBHOOK} failed`) });
    expect(out.lines.join('\n')).not.toContain('abcdefSECRET123');
    expect(out.lines.join('\n')).toContain('post_failed');
  });

  it('logs errors with name, message and code', () => {
    const out = collector();
    const error = Object.assign(new Error('not a PDF'), { code: 'not_pdf' });
    createLogger({ write: out.write }).error('report_failed', { error });
    expect(out.json()[0]!.error).toMatchObject({ name: 'Error', message: 'not a PDF', code: 'not_pdf' });
  });
});

describe('EMF metrics', () => {
  it('is a line CloudWatch turns into metrics: namespace, Function dimension, count units, values', () => {
    const line = JSON.parse(emfLine('ofsted-scan', { scanSucceeded: 1, anomalies: 2 }, new Date(1_750_000_000_000)));
    expect(line).toEqual({
      _aws: {
        Timestamp: 1_750_000_000_000,
        CloudWatchMetrics: [{
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['Function']],
          Metrics: [{ Name: 'ScanSucceeded', Unit: 'Count' }, { Name: 'Anomalies', Unit: 'Count' }],
        }],
      },
      Function: 'ofsted-scan',
      ScanSucceeded: 1,
      Anomalies: 2,
    });
  });

  it('leaves out values that are not numbers', () => {
    const line = JSON.parse(emfLine('deliver-alerts', { alertsSent: Number.NaN, alertsFailed: 0 }));
    expect(line._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: METRIC_NAMES.alertsFailed, Unit: 'Count' }]);
    expect(line).not.toHaveProperty('AlertsSent');
  });
});

describe('environment', () => {
  /** The problems readEnvironment names, or none. */
  const problems = (read: () => unknown): string[] => {
    try {
      read();
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      return (error as EnvError).problems;
    }
  };

  it('collects every problem into one error', () => {
    const env = { DYNAMODB_ENDPOINT: 'not a url', LOG_LEVEL: 'loud' };
    expect(() => readEnvironment(['tableName', 'dynamodbEndpoint', 'logLevel'], env)).toThrow(EnvError);
    expect(problems(() => readEnvironment(['tableName', 'dynamodbEndpoint', 'logLevel'], env))).toEqual([
      expect.stringContaining('TABLE_NAME is not set'),
      expect.stringContaining('DYNAMODB_ENDPOINT "not a url" is not an http(s) URL'),
      expect.stringContaining('LOG_LEVEL "loud" must be one of debug, info, warn, error'),
    ]);
  });

  it('reads a valid environment', () => {
    const env = { TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567/' };
    expect(readEnvironment(['tableName', 'dynamodbEndpoint', 'logLevel'], env)).toEqual({ tableName: 't', dynamodbEndpoint: 'http://127.0.0.1:4567', logLevel: 'info' });
    expect(() => readEnvironment(['tableName', 'dynamodbEndpoint', 'logLevel'], env)).not.toThrow();
  });

  it('checks JSON values with their schema, naming the field, as the stack does at synth', () => {
    const secretUrl = JSON.stringify({ webhookSecretName: 'https://hooks.slack.com/services/T1/B2/c3', councilUrns: [] });
    expect(problems(() => readEnvironment(['tableName', 'defaultSubscription'], { TABLE_NAME: 't', DEFAULT_SUBSCRIPTION: secretUrl }))).toEqual([
      expect.stringContaining('DEFAULT_SUBSCRIPTION.webhookSecretName must be the name of a Secrets Manager secret'),
      'DEFAULT_SUBSCRIPTION.councilUrns must be a non-empty list of council URNs',
    ]);
    expect(problems(() => readEnvironment(['newsFeeds'], { NEWS_FEEDS: '[{"id": "Bad Id"}]' }))).toEqual([expect.stringMatching(/^NEWS_FEEDS: feed 1: id must be lower-case/)]);
    expect(problems(() => readEnvironment(['defaultSubscription'], { DEFAULT_SUBSCRIPTION: '{' }))).toEqual([expect.stringMatching(/^DEFAULT_SUBSCRIPTION is not JSON/)]);
    const valid = readEnvironment(['defaultSubscription'], { DEFAULT_SUBSCRIPTION: JSON.stringify({ webhookSecretName: 'ow/slack', councilUrns: ['80563'], kinds: ['downgrade'] }) });
    expect(valid).toEqual({ defaultSubscription: { webhookSecretName: 'ow/slack', councilUrns: ['80563'], kinds: ['downgrade'] } });
  });

  it('insists on https where asked', () => {
    expect(problems(() => readEnvironment(['contactUrl'], { CONTACT_URL: 'http://example.org/contact' }))).toEqual([expect.stringContaining('is not an https URL')]);
  });
});

describe('defineHandler', () => {
  type Config = { tableName: string; logLevel: 'info' };
  const definition = (run: (deadline: number) => Promise<{ found: number }>) => ({
    name: 'news-scan' as const,
    readConfig: (env: Readonly<Record<string, string | undefined>>) => ({ ...readEnvironment(['tableName'], env), logLevel: 'info' as const }),
    setup: (config: Config) => ({ built: config.tableName }),
    run: ({ deadline }: { deadline: number }) => run(deadline),
    outcome: (r: { found: number }) => ({ fields: { found: r.found }, metrics: { scanSucceeded: 1, eventsRecorded: r.found } }),
  });

  it('runs the job, logs start and finish with the summary, and emits the metrics', async () => {
    const out = collector();
    const handler = defineHandler(definition(async () => ({ found: 3 })), { env: { TABLE_NAME: 't' }, write: out.write });
    await expect(handler({ source: 'ofsted-watch.schedule', function: 'news-scan', scheduledTime: '2025-06-02T10:00:00Z' }, context())).resolves.toEqual({ found: 3 });
    const [started, finished, metrics] = out.json();
    expect(started).toMatchObject({ msg: 'run_started', function: 'news-scan', requestId: 'req-1', trigger: { type: 'schedule', scheduledTime: '2025-06-02T10:00:00Z' } });
    expect(finished).toMatchObject({ msg: 'run_finished', found: 3 });
    expect(metrics).toMatchObject({ Function: 'news-scan', ScanSucceeded: 1, EventsRecorded: 3 });
  });

  it('rethrows a failed run after logging it, with no success metric', async () => {
    const out = collector();
    const handler = defineHandler(definition(async () => { throw Object.assign(new Error('listing changed'), { code: 'layout' }); }), { env: { TABLE_NAME: 't' }, write: out.write });
    await expect(handler({}, context())).rejects.toThrow('listing changed');
    expect(out.json().map((l) => l.msg)).toEqual(['run_started', 'run_failed']);
    expect(out.lines.join('\n')).not.toContain('ScanSucceeded');
    expect(out.json()[1]!.error).toMatchObject({ message: 'listing changed', code: 'layout' });
  });

  it('fails every invocation clearly while the environment is wrong', async () => {
    const out = collector();
    const handler = defineHandler(definition(async () => ({ found: 0 })), { env: {}, write: out.write });
    await expect(handler({}, context())).rejects.toThrow(/TABLE_NAME is not set/);
    await expect(handler({}, context())).rejects.toThrow(EnvError);
    expect(out.json()[0]).toMatchObject({ level: 'error', msg: 'config_invalid' });
  });

  it('gives the job a deadline short of the Lambda timeout', async () => {
    let seen = 0;
    const now = new Date('2025-06-02T10:00:00Z');
    const handler = defineHandler(definition(async (deadline) => { seen = deadline; return { found: 0 }; }), { env: { TABLE_NAME: 't' }, write: () => {}, now: () => now });
    await handler({}, context(300_000));
    expect(seen).toBe(now.getTime() + 300_000 - 10_000);
    expect(deadlineFrom(0, 50_000)).toBe(45_000);
  });

  it('tells schedule, stream and direct invocations apart', () => {
    expect(describeTrigger({ Records: [{ eventSource: 'aws:dynamodb' }, { eventSource: 'aws:dynamodb' }] })).toEqual({ type: 'table-stream', records: 2 });
    expect(describeTrigger({ source: 'ofsted-watch.schedule', scheduledTime: 'T' })).toEqual({ type: 'schedule', scheduledTime: 'T' });
    expect(describeTrigger(undefined)).toEqual({ type: 'direct' });
  });
});

describe('local secrets file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves secrets by name, as strings or JSON', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ 'ow/slack': WEBHOOK, 'ow/json': { webhookUrl: WEBHOOK } }));
    const secrets = fileSecretResolver(file);
    await expect(secrets.resolve('ow/slack')).resolves.toBe(WEBHOOK);
    await expect(secrets.resolve('ow/json')).resolves.toBe(JSON.stringify({ webhookUrl: WEBHOOK }));
  });

  it('says which secret is missing without printing any value', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ 'ow/slack': WEBHOOK }));
    const error = await fileSecretResolver(file).resolve('ow/other').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect(String(error)).toContain('"ow/other"');
    expect(String(error)).not.toContain('SECRET123');
    await expect(fileSecretResolver(join(dir, 'absent.json')).resolve('x')).rejects.toThrow(/cannot read the local secrets file/);
  });
});
