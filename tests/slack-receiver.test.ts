import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventMessage } from '#shared/alerts/message.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';
import { eventWithManyActions, SAMPLE_EVENTS } from './golden/sample-events.ts';

/** A clock the test moves by hand, shared by the receiver's rate limiter. */
function manualClock(start = Date.parse('2024-05-01T09:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function post(receiver: SlackReceiver, webhook: string, body: string) {
  const response = await fetch(receiver.localUrl(webhook), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

describe('local Slack receiver: the incoming-webhook contract over real HTTP', () => {
  const clock = manualClock();
  let receiver: SlackReceiver;
  beforeAll(async () => {
    receiver = await startSlackReceiver({ now: clock.now });
  });
  afterAll(() => receiver.close());

  it('listens on 127.0.0.1 and accepts a valid message with 200 ok, recording it per webhook', async () => {
    expect(receiver.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const webhook = receiver.newWebhook();
    expect(webhook).toMatch(/^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Z0-9]{24}$/);
    expect(await post(receiver, webhook, JSON.stringify({ text: 'hello' }))).toMatchObject({ status: 200, body: 'ok' });
    expect(receiver.messages(webhook).map((m) => m.payload.text)).toEqual(['hello']);
    expect(receiver.messages(receiver.newWebhook())).toEqual([]);
  });

  it('400 invalid_payload for bad JSON, for neither text nor blocks, and for broken Block Kit limits', async () => {
    const webhook = receiver.newWebhook();
    expect(await post(receiver, webhook, '{not json')).toMatchObject({ status: 400, body: 'invalid_payload' });
    expect(await post(receiver, webhook, '{}')).toMatchObject({ status: 400, body: 'invalid_payload' });
    const tooMany = { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };
    expect(await post(receiver, webhook, JSON.stringify(tooMany))).toMatchObject({ status: 400, body: 'invalid_payload' });
    const longHeader = { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] };
    expect(await post(receiver, webhook, JSON.stringify(longHeader))).toMatchObject({ status: 400, body: 'invalid_payload' });
    const longSection = { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }] };
    expect(await post(receiver, webhook, JSON.stringify(longSection))).toMatchObject({ status: 400, body: 'invalid_payload' });
    expect(receiver.messages(webhook)).toEqual([]);
  });

  it('dead webhooks answer 403, 404 and 410 with Slack’s codes; unknown paths are 404 no_service', async () => {
    const cases = [
      ['invalid_token', 403],
      ['action_prohibited', 403],
      ['no_service', 404],
      ['no_team', 404],
      ['channel_is_archived', 410],
    ] as const;
    for (const [code, status] of cases) {
      const webhook = receiver.newWebhook();
      receiver.setDead(webhook, code);
      expect(await post(receiver, webhook, JSON.stringify({ text: 'x' }))).toMatchObject({ status, body: code });
    }
    const bad = await fetch(`${receiver.baseUrl}/services/nope`, { method: 'POST', body: '{"text":"x"}' });
    expect([bad.status, await bad.text()]).toEqual([404, 'no_service']);
  });

  it('429 with Retry-After when a webhook gets a second message within a second; fine again after it', async () => {
    const webhook = receiver.newWebhook();
    expect((await post(receiver, webhook, '{"text":"one"}')).status).toBe(200);
    clock.advance(300);
    expect(await post(receiver, webhook, '{"text":"two"}')).toEqual({ status: 429, body: 'rate_limited', retryAfter: '1' });
    expect((await post(receiver, receiver.newWebhook(), '{"text":"other webhook"}')).status).toBe(200);
    clock.advance(700);
    expect((await post(receiver, webhook, '{"text":"two again"}')).status).toBe(200);
    expect(receiver.messages(webhook).map((m) => m.payload.text)).toEqual(['one', 'two again']);
  });

  it('injected 500 rollup_error and 429s are answered in order, then normal service', async () => {
    const webhook = receiver.newWebhook();
    receiver.failNext(webhook, { status: 500, code: 'rollup_error' }, { status: 429, retryAfterSeconds: 7 });
    expect(await post(receiver, webhook, '{"text":"a"}')).toMatchObject({ status: 500, body: 'rollup_error' });
    expect(await post(receiver, webhook, '{"text":"a"}')).toMatchObject({ status: 429, retryAfter: '7' });
    expect(await post(receiver, webhook, '{"text":"a"}')).toMatchObject({ status: 200 });
    expect(receiver.requests(webhook).map((r) => r.status)).toEqual([500, 429, 200]);
  });

  it('prints messages readably, with the webhook masked', async () => {
    const webhook = receiver.newWebhook();
    clock.advance(5000);
    await post(receiver, webhook, JSON.stringify(buildEventMessage(SAMPLE_EVENTS.urgent_action)));
    const printed = receiver.format(webhook);
    expect(printed).toContain('# 🚨 Stockton-on-Tees: 3 areas for priority action');
    expect(printed).toContain('1. The identification and screening of risk and need.');
    expect(printed).toContain('Report (PDF) (https://files.ofsted.gov.uk/v1/file/50199702)');
    expect(printed).not.toContain(new URL(webhook).pathname);
  });
});

describe('the real sender (@slack/webhook) against the receiver', () => {
  const clock = manualClock();
  let receiver: SlackReceiver;
  beforeAll(async () => {
    receiver = await startSlackReceiver({ now: clock.now });
  });
  afterAll(() => receiver.close());
  const senders = () => slackWebhookSenders({ baseUrl: receiver.baseUrl });

  it('redirects hooks.slack.com to the receiver and reports sent', async () => {
    const webhook = receiver.newWebhook();
    const message = buildEventMessage(eventWithManyActions(30));
    expect(await senders()(webhook).send(message)).toEqual({ outcome: 'sent' });
    expect(receiver.messages(webhook)[0]?.payload).toEqual(JSON.parse(JSON.stringify(message)));
  });

  it('sorts Slack’s answers: 429 with Retry-After, 5xx retry, 400 rejected, 403/404/410 dead', async () => {
    const webhook = receiver.newWebhook();
    const send = senders()(webhook);
    const message = buildEventMessage(SAMPLE_EVENTS.downgrade);
    receiver.failNext(webhook, { status: 429, retryAfterSeconds: 3 }, { status: 500, code: 'rollup_error' });
    expect(await send.send(message)).toEqual({ outcome: 'rate_limited', status: 429, retryAfterMs: 3000 });
    expect(await send.send(message)).toEqual({ outcome: 'retry', status: 500, code: 'rollup_error' });
    expect(await send.send({ text: '', blocks: [] })).toEqual({ outcome: 'rejected', status: 400, code: 'invalid_payload' });
    receiver.setDead(webhook, 'channel_is_archived');
    expect(await send.send(message)).toEqual({ outcome: 'dead', status: 410, code: 'channel_is_archived' });
  });

  it('a network failure is a retry with a code and no URL in it', async () => {
    const closed = await startSlackReceiver();
    const base = closed.baseUrl;
    await closed.close();
    const webhook = receiver.newWebhook();
    const result = await slackWebhookSenders({ baseUrl: base })(webhook).send({ text: 'x', blocks: [] });
    expect(result).toMatchObject({ outcome: 'retry', status: null });
    expect(JSON.stringify(result)).not.toContain(new URL(webhook).pathname.split('/').at(-1)!);
    expect(JSON.stringify(result)).toMatch(/ECONNREFUSED|network_error/);
  });
});
