/**
 * Spacing between starts, per key: at most one start per `intervalMs` for each
 * key (a host for the crawler, a webhook for Slack delivery), and a key can be
 * held back until a given time (after a Retry-After). The clock and the sleep
 * are injected, so tests and replays run on virtual time. The one pacer in the
 * codebase: the HTTP client and delivery both use it.
 */
import type { Sleep } from './sleep.ts';

export interface Pacer {
  /** Takes the key's turn if it has come (returns 0), else returns how many ms until it comes. */
  tryStart(key: string): number;
  /** Waits for the key's turn and takes it. */
  start(key: string, sleep: Sleep, signal?: AbortSignal): Promise<void>;
  /** Holds every start for this key until `untilMs` (epoch ms). */
  hold(key: string, untilMs: number): void;
}

export function createPacer(options: { intervalMs: number; now: () => number }): Pacer {
  const next = new Map<string, number>();
  const tryStart = (key: string): number => {
    const current = options.now();
    const at = next.get(key) ?? Number.NEGATIVE_INFINITY;
    if (at > current) return at - current;
    next.set(key, current + options.intervalMs);
    return 0;
  };
  return {
    tryStart,
    async start(key, sleep, signal) {
      for (let wait = tryStart(key); wait > 0; wait = tryStart(key)) await sleep(wait, signal);
    },
    hold(key, untilMs) {
      if ((next.get(key) ?? Number.NEGATIVE_INFINITY) < untilMs) next.set(key, untilMs);
    },
  };
}
