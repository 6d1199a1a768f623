/**
 * One run of a scan at a time: a run holds its scan's lease item
 * (SCAN#<name> / LEASE, store/keys.ts) until it finishes or its time is up. A
 * second run that starts meanwhile (a manual invoke beside the schedule, a
 * retried invocation) finds the lease held and leaves the work alone instead of
 * racing the first for the cursor. A run that crashed holds it only until its
 * deadline, so the next scheduled run carries on; on one machine, a run whose
 * process is gone (killed by Ctrl-C or a crash) is known to hold nothing, and
 * the next run takes the lease at once. The port and its rule here (pure);
 * the table's lease is dynamo-lease.ts.
 */

export type LeaseClaim =
  | { held: true; token: string }
  /** Another run holds it: since when and until when (ISO). */
  | { held: false; since: string; until: string };

/** The RunLease port the scans take. */
export interface RunLease {
  /** Takes the lease until `until` (ISO) if no other run holds it at `now`. */
  acquire(now: string, until: string): Promise<LeaseClaim>;
  /** Lets the lease go (only the holder's token does). */
  release(token: string, now: string): Promise<void>;
}

/** A lease that is always free: one-off runs (tests, replays) that nothing else races. */
export const noLease: RunLease = {
  acquire: async () => ({ held: true, token: 'none' }),
  release: async () => undefined,
};

/**
 * Runs `work` under the lease: null when another run holds it (logged at info,
 * with when it began and until when it holds it), else work's result. The lease
 * is let go whatever happens to `work`.
 */
export async function underLease<T>(
  lease: RunLease,
  options: { now: () => Date; until: Date; onHeld: (held: { since: string; until: string }) => void },
  work: () => Promise<T>,
): Promise<T | null> {
  const claim = await lease.acquire(options.now().toISOString(), options.until.toISOString());
  if (!claim.held) {
    options.onHeld(claim);
    return null;
  }
  try {
    return await work();
  } finally {
    await lease.release(claim.token, options.now().toISOString());
  }
}
