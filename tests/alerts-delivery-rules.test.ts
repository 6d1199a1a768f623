/** The delivery rules as tables of cases: Slack's answer in, what delivery does out. No I/O. */
import { describe, expect, it } from 'vitest';
import { decideDelivery, pastClaimDeadline, resendAsText, waitsWithinRun, type DeliveryDecision } from '#shared/alerts/delivery-rules.ts';
import { deliveryDueAt } from '#shared/alerts/digest-schedule.ts';
import type { SendResult } from '#shared/alerts/sender.ts';
import { classifyWebApiError } from '#shared/alerts/bot-sender.ts';
import { ErrorCode } from '@slack/web-api';

const options = { maxAttempts: 3, minIntervalMs: 1_000, backoffBaseMs: 2_000, backoffMaxMs: 15 * 60_000 };

describe('what an answer from Slack means for an outbox item', () => {
  const cases: [string, SendResult, number, DeliveryDecision][] = [
    ['200: sent', { outcome: 'sent' }, 1, { outcome: 'sent' }],
    ['429 with Retry-After: wait that long, refund the attempt, hold the webhook', { outcome: 'rate_limited', status: 429, retryAfterMs: 5_000 }, 2,
      { outcome: 'retry', afterMs: 5_000, refundAttempt: true, holdWebhook: true, lastError: { status: 429, code: 'rate_limited' } }],
    ['429 without Retry-After: the first backoff step', { outcome: 'rate_limited', status: 429, retryAfterMs: null }, 2,
      { outcome: 'retry', afterMs: 2_000, refundAttempt: true, holdWebhook: true, lastError: { status: 429, code: 'rate_limited' } }],
    ['429 asking for less than the pace: the pace', { outcome: 'rate_limited', status: 429, retryAfterMs: 10 }, 1,
      { outcome: 'retry', afterMs: 1_000, refundAttempt: true, holdWebhook: true, lastError: { status: 429, code: 'rate_limited' } }],
    ['5xx on the first claim: back off 2 s', { outcome: 'retry', status: 500, code: 'rollup_error' }, 1,
      { outcome: 'retry', afterMs: 2_000, refundAttempt: false, holdWebhook: false, lastError: { status: 500, code: 'rollup_error' } }],
    ['5xx on the second claim: back off 4 s', { outcome: 'retry', status: 503, code: 'service_unavailable' }, 2,
      { outcome: 'retry', afterMs: 4_000, refundAttempt: false, holdWebhook: false, lastError: { status: 503, code: 'service_unavailable' } }],
    ['network error on the last claim: give up', { outcome: 'retry', status: null, code: 'ECONNREFUSED' }, 3,
      { outcome: 'failed', reason: 'out_of_attempts', lastError: { status: null, code: 'ECONNREFUSED' } }],
    ['400: Slack refused the message, the webhook is fine', { outcome: 'rejected', status: 400, code: 'invalid_payload' }, 1,
      { outcome: 'failed', reason: 'rejected', lastError: { status: 400, code: 'invalid_payload' } }],
    ['410: the webhook is dead', { outcome: 'dead', status: 410, code: 'channel_is_archived' }, 1,
      { outcome: 'webhook_dead', lastError: { status: 410, code: 'channel_is_archived' } }],
  ];
  it.each(cases)('%s', (_name, result, attempts, expected) => {
    expect(decideDelivery(result, attempts, options)).toEqual(expected);
  });

  it('caps the backoff', () => {
    expect(decideDelivery({ outcome: 'retry', status: 502, code: 'http_502' }, 30, { ...options, maxAttempts: 99 })).toMatchObject({ afterMs: 15 * 60_000 });
  });

  it('resends as plain text only when Slack refused a message that had blocks', () => {
    const blocks = { text: 't', blocks: [{ type: 'section' }] } as never;
    const plain = { text: 't', blocks: [] };
    expect(resendAsText({ outcome: 'rejected', status: 400, code: 'invalid_blocks' }, blocks)).toBe(true);
    expect(resendAsText({ outcome: 'rejected', status: 400, code: 'invalid_blocks' }, plain)).toBe(false);
    expect(resendAsText({ outcome: 'retry', status: 500, code: 'x' }, blocks)).toBe(false);
  });
});

describe("the bot's answers (chat.postMessage) go through the same rules", () => {
  const platform = (error: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error } });
  const cases: [string, unknown, DeliveryDecision][] = [
    ['ratelimited with Retry-After: wait that long, refund the attempt, hold the channel', { code: ErrorCode.RateLimitedError, retryAfter: 7 },
      { outcome: 'retry', afterMs: 7_000, refundAttempt: true, holdWebhook: true, lastError: { status: 429, code: 'rate_limited' } }],
    ['not_in_channel: the channel is dead to the bot', platform('not_in_channel'), { outcome: 'webhook_dead', lastError: { status: 200, code: 'not_in_channel' } }],
    ['token_revoked: every channel is, until the token is renewed', platform('token_revoked'), { outcome: 'webhook_dead', lastError: { status: 200, code: 'token_revoked' } }],
    ['internal_error: back off', platform('internal_error'), { outcome: 'retry', afterMs: 2_000, refundAttempt: false, holdWebhook: false, lastError: { status: 200, code: 'internal_error' } }],
    ['invalid_blocks: this message, not the channel', platform('invalid_blocks'), { outcome: 'failed', reason: 'rejected', lastError: { status: 200, code: 'invalid_blocks' } }],
    ['HTTP 503: back off', { code: ErrorCode.HTTPError, statusCode: 503 }, { outcome: 'retry', afterMs: 2_000, refundAttempt: false, holdWebhook: false, lastError: { status: 503, code: 'http_503' } }],
    ['no answer: back off', { code: ErrorCode.RequestError, original: { code: 'ECONNRESET' } }, { outcome: 'retry', afterMs: 2_000, refundAttempt: false, holdWebhook: false, lastError: { status: null, code: 'ECONNRESET' } }],
  ];
  it.each(cases)('%s', (_name, error, expected) => {
    expect(decideDelivery(classifyWebApiError(error), 1, options)).toEqual(expected);
  });

  it('a posted message is sent, its ts kept for threads; refused blocks are resent as text, as for a webhook', () => {
    expect(decideDelivery({ outcome: 'sent', ts: '1714543200.000100' }, 1, options)).toEqual({ outcome: 'sent' });
    expect(resendAsText(classifyWebApiError(platform('invalid_blocks')), { text: 't', blocks: [{ type: 'section' }] } as never)).toBe(true);
  });
});

describe('when delivery waits within a run', () => {
  const timing = { maxInlineWaitMs: 30_000, leaseMs: 120_000, deadline: null };
  const cases: [string, number, number, typeof timing | { maxInlineWaitMs: number; leaseMs: number; deadline: number }, boolean][] = [
    ['a short wait, no deadline', 5_000, 0, timing, true],
    ['a wait longer than the inline limit', 31_000, 0, timing, false],
    ['a short wait that ends after the deadline less a quarter lease', 5_000, 0, { ...timing, deadline: 30_000 }, false],
    ['a short wait well before the deadline', 5_000, 0, { ...timing, deadline: 100_000 }, true],
  ];
  it.each(cases)('%s', (_name, until, now, t, expected) => {
    expect(waitsWithinRun(until, now, t)).toBe(expected);
  });

  it('makes no new claim in the last quarter lease before the deadline', () => {
    expect(pastClaimDeadline(69_999, { ...timing, deadline: 100_000 })).toBe(false);
    expect(pastClaimDeadline(70_001, { ...timing, deadline: 100_000 })).toBe(true);
    expect(pastClaimDeadline(10 ** 12, timing)).toBe(false);
  });
});

describe('when a delivery is due', () => {
  const cases: [string, 'instant' | 'daily', string, string, string][] = [
    ['instant: now', 'instant', '2024-05-01T06:00:00Z', '2024-05-01T06:01:00Z', '2024-05-01T06:01:00.000Z'],
    ['daily, detected before 08:00 UK (BST): that morning', 'daily', '2024-05-01T06:00:00Z', '2024-05-01T06:01:00Z', '2024-05-01T07:00:00.000Z'],
    ['daily, detected after 08:00 UK: next morning', 'daily', '2024-05-01T07:30:00Z', '2024-05-01T07:31:00Z', '2024-05-02T07:00:00.000Z'],
    ['daily, detected before the hour but fanned out after it: that morning\'s digest', 'daily', '2024-05-01T06:59:00Z', '2024-05-01T07:05:00Z', '2024-05-01T07:00:00.000Z'],
    ['daily in winter (GMT)', 'daily', '2024-01-15T07:59:00Z', '2024-01-15T07:59:30Z', '2024-01-15T08:00:00.000Z'],
    ['daily, detected in the future: counts as now', 'daily', '2030-01-01T00:00:00Z', '2024-05-01T07:30:00Z', '2024-05-02T07:00:00.000Z'],
    ['daily, unreadable detection time: counts as now', 'daily', 'not a date', '2024-05-01T06:00:00Z', '2024-05-01T07:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, delivery, detectedAt, now, expected) => {
    expect(deliveryDueAt(delivery, detectedAt, new Date(now), 8).toISOString()).toBe(expected);
  });
});
