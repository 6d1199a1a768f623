/**
 * What delivery does with each answer from Slack, and when it waits: pure
 * functions of plain data, so every case is a row in a table test
 * (tests/alerts-delivery-rules.test.ts). deliver.ts applies them.
 */
import { backoffCeiling } from '../timing/backoff.ts';
import type { SlackMessage } from './block-kit.ts';
import type { SendResult } from './sender.ts';

export interface DeliveryRuleOptions {
  /** Claims per item before it is given up as failed. */
  maxAttempts: number;
  /** At most one message per this interval to one webhook. */
  minIntervalMs: number;
  /** Backoff for 5xx and network errors: base × 2^(attempt-1), capped (no jitter: one sender per webhook). */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface LastError {
  status: number | null;
  code: string;
}

export type DeliveryDecision =
  /** Slack took it: the item is sent. */
  | { outcome: 'sent' }
  /** Try again in `afterMs`; a rate limit refunds the attempt and holds the whole webhook. */
  | { outcome: 'retry'; afterMs: number; refundAttempt: boolean; holdWebhook: boolean; lastError: LastError }
  /** Give the item up: Slack refused the message, or it ran out of attempts. */
  | { outcome: 'failed'; reason: 'rejected' | 'out_of_attempts'; lastError: LastError }
  /** The webhook is gone (403/404/410): keep the item, mark the subscription broken, stop this webhook. */
  | { outcome: 'webhook_dead'; lastError: LastError };

/** What Slack's answer means for an item on its `attempts`-th claim. */
export function decideDelivery(result: SendResult, attempts: number, options: DeliveryRuleOptions): DeliveryDecision {
  const backoff = (attempt: number) => backoffCeiling({ baseDelayMs: options.backoffBaseMs, maxDelayMs: options.backoffMaxMs }, attempt);
  switch (result.outcome) {
    case 'sent':
      return { outcome: 'sent' };
    case 'rate_limited':
      return {
        outcome: 'retry',
        afterMs: Math.max(result.retryAfterMs ?? backoff(1), options.minIntervalMs),
        refundAttempt: true,
        holdWebhook: true,
        lastError: { status: 429, code: 'rate_limited' },
      };
    case 'retry': {
      const lastError = { status: result.status, code: result.code };
      if (attempts >= options.maxAttempts) return { outcome: 'failed', reason: 'out_of_attempts', lastError };
      return { outcome: 'retry', afterMs: backoff(attempts), refundAttempt: false, holdWebhook: false, lastError };
    }
    case 'rejected':
      return { outcome: 'failed', reason: 'rejected', lastError: { status: result.status, code: result.code } };
    case 'dead':
      return { outcome: 'webhook_dead', lastError: { status: result.status, code: result.code } };
  }
}

/** Slack refused the blocks of a message: nothing was posted, so its plain text is sent instead. */
export function resendAsText(result: SendResult, message: SlackMessage): result is Extract<SendResult, { outcome: 'rejected' }> {
  return result.outcome === 'rejected' && message.blocks.length > 0;
}

export interface RunTiming {
  /** A retry due sooner than this is waited for within the run. */
  maxInlineWaitMs: number;
  /** How long a claim holds an item. */
  leaseMs: number;
  /** Epoch ms by which the run must have finished, or null. */
  deadline: number | null;
}

/** No new claim after the deadline less a quarter lease: a claim must be able to finish within the run. */
export function pastClaimDeadline(nowMs: number, timing: RunTiming): boolean {
  return timing.deadline !== null && nowMs > timing.deadline - timing.leaseMs / 4;
}

/** Whether a retry due at `untilMs` is waited for in this run (true) or left, with the rest of its webhook's items, to the next. */
export function waitsWithinRun(untilMs: number, nowMs: number, timing: RunTiming): boolean {
  if (untilMs - nowMs > timing.maxInlineWaitMs) return false;
  return timing.deadline === null || untilMs <= timing.deadline - timing.leaseMs / 4;
}
