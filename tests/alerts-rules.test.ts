import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { latestDigestAt, londonDate, nextDigestAt } from '#shared/alerts/digest-schedule.ts';
import { recipients } from '#shared/alerts/fanout.ts';
import { jsonLogger } from '#shared/alerts/log.ts';
import { awsSecretResolver, webhookFromSecretValue } from '#shared/alerts/secrets.ts';
import { classifyResponse, parseRetryAfter } from '#shared/alerts/sender.ts';
import { subscriptionWants, type Subscription } from '#shared/alerts/subscription.ts';
import { checkWebhookUrl, maskWebhookUrl, redactWebhooks, redirectWebhookUrl } from '#shared/alerts/webhook-url.ts';
import { SAMPLE_EVENTS } from './golden/sample-events.ts';

const URL_A = 'https://hooks.slack.com/services/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';

describe('webhook URLs are secrets', () => {
  it('accepts only https://hooks.slack.com/services/T…/B…/…', () => {
    expect(checkWebhookUrl(`  ${URL_A} `)).toEqual({ ok: true, url: URL_A });
    expect(checkWebhookUrl(`${URL_A}?x=1`)).toMatchObject({ ok: false, problem: 'has_query_or_fragment' });
    expect(checkWebhookUrl('https://hooks.slack.com:8443/services/T012AB3C4/B0567DEF8/Xq7TbH2m9LpVn4KsRz1W8yJd')).toMatchObject({ ok: false, problem: 'not_slack_host' });
    expect(checkWebhookUrl('https://hooks.slack.com/services/T012AB3C4/B0567DEF8')).toMatchObject({ ok: false, problem: 'not_webhook_path' });
    expect(checkWebhookUrl('')).toMatchObject({ ok: false, problem: 'empty' });
    for (const bad of ['ftp://hooks.slack.com/services/T1/B2/c3c3c3c3c3', 'not a url', URL_A.replace('hooks.slack.com', 'hooks.slack.com.evil.io')]) {
      const check = checkWebhookUrl(bad);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).not.toContain('c3c3c3c3c3');
    }
  });

  it('masks to team and bot prefixes only', () => {
    expect(maskWebhookUrl(URL_A)).toBe('https://hooks.slack.com/services/T0…/B0…/****');
    expect(maskWebhookUrl('garbage')).toBe('(invalid webhook URL)');
  });

  it('redacts webhook URLs and paths anywhere in text, and the JSON logger applies it', () => {
    const text = `posting to ${URL_A} via http://127.0.0.1:4000/services/T012AB3C4/B0567DEF8/Xq7TbH2m9LpVn4KsRz1W8yJd failed`;
    expect(redactWebhooks(text)).toBe('posting to [webhook] via http://127.0.0.1:4000/services/[webhook] failed');
    const lines: string[] = [];
    jsonLogger((line) => lines.push(line), () => new Date('2024-01-01T00:00:00Z')).warn('oops', { detail: text, subscriptionId: 'sub_1' });
    expect(JSON.parse(lines[0]!)).toEqual({ time: '2024-01-01T00:00:00.000Z', level: 'warn', event: 'oops', detail: 'posting to [webhook] via http://127.0.0.1:4000/services/[webhook] failed', subscriptionId: 'sub_1' });
  });

  it('redirects only hooks.slack.com to a local base, keeping the path', () => {
    expect(redirectWebhookUrl(URL_A, 'http://127.0.0.1:3999/')).toBe('http://127.0.0.1:3999/services/T012AB3C4/B0567DEF8/Xq7TbH2m9LpVn4KsRz1W8yJd');
    expect(redirectWebhookUrl(URL_A, undefined)).toBe(URL_A);
    expect(redirectWebhookUrl('https://example.org/x', 'http://127.0.0.1:1')).toBe('https://example.org/x');
  });
});

describe("Slack's answers", () => {
  it('sorts status codes the way delivery needs them', () => {
    expect(classifyResponse(200, 'ok', null)).toEqual({ outcome: 'sent' });
    expect(classifyResponse(429, 'rate_limited', '30')).toEqual({ outcome: 'rate_limited', status: 429, retryAfterMs: 30_000 });
    expect(classifyResponse(500, 'rollup_error', null)).toEqual({ outcome: 'retry', status: 500, code: 'rollup_error' });
    expect(classifyResponse(502, '<html>bad gateway</html>', null)).toEqual({ outcome: 'retry', status: 502, code: 'http_502' });
    expect(classifyResponse(400, 'invalid_payload', null)).toEqual({ outcome: 'rejected', status: 400, code: 'invalid_payload' });
    for (const [status, code] of [[403, 'invalid_token'], [403, 'action_prohibited'], [404, 'no_service'], [404, 'no_team'], [410, 'channel_is_archived']] as const) {
      expect(classifyResponse(status, code, null)).toEqual({ outcome: 'dead', status, code });
    }
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:10 GMT', Date.parse('2024-05-01T09:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('digest times in Europe/London', () => {
  it('08:00 UK time is 08:00 UTC in winter and 07:00 UTC in summer, across the clock changes', () => {
    expect(nextDigestAt(new Date('2024-01-15T07:59:00Z'), 8).toISOString()).toBe('2024-01-15T08:00:00.000Z');
    expect(nextDigestAt(new Date('2024-01-15T08:00:00Z'), 8).toISOString()).toBe('2024-01-16T08:00:00.000Z');
    expect(nextDigestAt(new Date('2024-07-15T06:59:00Z'), 8).toISOString()).toBe('2024-07-15T07:00:00.000Z');
    expect(nextDigestAt(new Date('2024-03-30T12:00:00Z'), 8).toISOString()).toBe('2024-03-31T07:00:00.000Z'); // clocks go forward overnight
    expect(nextDigestAt(new Date('2024-10-26T12:00:00Z'), 8).toISOString()).toBe('2024-10-27T08:00:00.000Z'); // and back
    expect(latestDigestAt(new Date('2024-07-15T06:59:00Z'), 8).toISOString()).toBe('2024-07-14T07:00:00.000Z');
    expect(londonDate(new Date('2024-07-15T23:30:00Z'))).toBe('2024-07-16');
  });
});

describe('who gets an event', () => {
  const sub = (fields: Partial<Subscription>): Subscription => ({
    id: 'sub_x',
    target: { type: 'all' },
    events: ['downgrade', 'urgent_action'],
    delivery: 'instant',
    webhook: { type: 'url', url: URL_A },
    status: 'active',
    broken: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  });
  const region = (urn: string) => ({ '80563': 'North East', '80564': 'West Midlands' })[urn];

  it('matches on the kind or any of alsoKinds, and on council, region (any case) or all', () => {
    const newsDowngrade = SAMPLE_EVENTS.news_downgrade; // Stoke: downgrade, also urgent_action
    expect(subscriptionWants(sub({ events: ['urgent_action'] }), newsDowngrade, region)).toBe(true);
    expect(subscriptionWants(sub({ events: ['upgrade'] }), newsDowngrade, region)).toBe(false);
    expect(subscriptionWants(sub({ target: { type: 'councils', councils: [newsDowngrade.council] } }), newsDowngrade, region)).toBe(true);
    expect(subscriptionWants(sub({ target: { type: 'councils', councils: [SAMPLE_EVENTS.downgrade.council] } }), newsDowngrade, region)).toBe(false);
    expect(subscriptionWants(sub({ target: { type: 'regions', regions: ['west midlands'] } }), newsDowngrade, region)).toBe(true);
    expect(subscriptionWants(sub({ target: { type: 'regions', regions: ['North East'] } }), newsDowngrade, region)).toBe(false);
  });

  it('sends area SEND events unless a subscription keeps to children’s services (the default includes SEND)', () => {
    const send = SAMPLE_EVENTS.send_urgent_action;
    const csc = SAMPLE_EVENTS.urgent_action;
    expect(subscriptionWants(sub({}), send, region)).toBe(true);
    expect(subscriptionWants(sub({ inspections: ['childrens_services', 'send'] }), send, region)).toBe(true);
    expect(subscriptionWants(sub({ inspections: ['childrens_services'] }), send, region)).toBe(false);
    expect(subscriptionWants(sub({ inspections: ['childrens_services'] }), csc, region)).toBe(true);
    expect(subscriptionWants(sub({ inspections: ['send'] }), csc, region)).toBe(false);
    // A press report of SEND failings is SEND too.
    const pressSend = { ...SAMPLE_EVENTS.news_urgent_action, evidence: 'Inspectors found widespread and systemic failings in SEND services for children in the area.' };
    expect(subscriptionWants(sub({ inspections: ['childrens_services'] }), pressSend, region)).toBe(false);
    expect(subscriptionWants(sub({ inspections: ['childrens_services'] }), SAMPLE_EVENTS.news_urgent_action, region)).toBe(true);
  });

  it('one subscription per channel: the oldest, so the choice does not change when a newer one appears', () => {
    const older = sub({ id: 'sub_b', createdAt: '2024-01-01T00:00:00.000Z' });
    const newer = sub({ id: 'sub_a', createdAt: '2024-02-01T00:00:00.000Z' });
    const other = sub({ id: 'sub_c', webhook: { type: 'secret', secretName: 'x' } });
    expect(recipients([newer, other, older], SAMPLE_EVENTS.downgrade, region).map((s) => s.id)).toEqual(['sub_b', 'sub_c']);
  });
});

describe('Secrets Manager resolver', () => {
  it('reads the webhook from a secret (plain or JSON), once per process, without putting the value in errors', async () => {
    const calls: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        calls.push(`${req.headers['x-amz-target']} ${SecretId}`);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (SecretId === 'ow/json') return res.end(JSON.stringify({ Name: SecretId, SecretString: JSON.stringify({ webhookUrl: URL_A }) }));
        if (SecretId === 'ow/plain') return res.end(JSON.stringify({ Name: SecretId, SecretString: URL_A }));
        res.statusCode = 400;
        res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
        return res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new SecretsManagerClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    try {
      const resolver = awsSecretResolver(client);
      expect(webhookFromSecretValue(await resolver.resolve('ow/json'))).toBe(URL_A);
      expect(webhookFromSecretValue(await resolver.resolve('ow/json'))).toBe(URL_A);
      expect(webhookFromSecretValue(await resolver.resolve('ow/plain'))).toBe(URL_A);
      await expect(resolver.resolve('ow/missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect(calls).toEqual(['secretsmanager.GetSecretValue ow/json', 'secretsmanager.GetSecretValue ow/plain', 'secretsmanager.GetSecretValue ow/missing']);
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
