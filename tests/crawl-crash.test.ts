import { describe, expect, it } from 'vitest';
import type { ScanStep } from '#shared/crawl/scan.ts';
import { listCouncilEvents } from '#shared/events/store.ts';
import { manualClock, publicationsOf, startScanHarness } from './helpers/scan-harness.ts';
import { dumpTable } from './helpers/table-dump.ts';

const stockton = publicationsOf('80563');
const stoke = publicationsOf('80564');
const before = [stockton[0]!.published < stockton[1]!.published ? stockton[0]! : stockton[1]!, ...stoke.filter((p) => p.published < '2016-01-01')];
const later = [...stockton, ...stoke].filter((p) => !before.includes(p));

const STEPS: ScanStep[] = ['after-listing', 'after-provider-page', 'after-file', 'after-record', 'after-event', 'after-publication', 'before-cursor'];

class Crash extends Error {}

/** Baseline on day one, then the later reports appear and the scan runs (crashing once at `crashAt`, then re-run). */
async function runScenario(crashAt: { step: ScanStep; occurrence: number } | null) {
  const clock = manualClock('2016-09-01');
  const harness = await startScanHarness(before, { now: clock.now });
  try {
    await harness.scan();
    clock.set('2023-05-10');
    for (const publication of later) harness.site.publish(publication);
    let crashed = false;
    if (crashAt) {
      let seen = 0;
      await expect(
        harness.scan({
          onStep: (step) => {
            if (step === crashAt.step && ++seen === crashAt.occurrence) {
              crashed = true;
              throw new Crash(`crash at ${step} #${seen}`);
            }
          },
        }),
      ).rejects.toBeInstanceOf(Crash);
    }
    await harness.scan();
    const events = [...(await listCouncilEvents(harness.db, '80563')), ...(await listCouncilEvents(harness.db, '80564'))];
    return { crashed, state: await dumpTable(harness.db), events };
  } finally {
    await harness.close();
  }
}

describe('a crash at any step boundary, then a re-run', () => {
  it('ends in the same state as a clean run, with no duplicate and no missing event', async () => {
    const clean = await runScenario(null);
    expect(clean.events.map((stored) => [stored.event.council.name, stored.event.kind, stored.event.from, stored.event.to])).toEqual([
      ['Stockton-on-Tees', 'downgrade', 'good', 'requires_improvement'],
      // Stockton 2023: requires improvement again, no inadequate judgement: no event.
      // Stoke 2022: requires improvement after requires improvement (2015), no inadequate judgement: no event.
    ]);
    for (const step of STEPS) {
      // Crash on the second occurrence where there is one, so the crash lands mid-run.
      for (const occurrence of step === 'after-listing' || step === 'before-cursor' ? [1] : [1, 2]) {
        const crashed = await runScenario({ step, occurrence });
        expect(crashed.crashed, `${step} #${occurrence} reached`).toBe(true);
        expect(crashed.state, `state after crash at ${step} #${occurrence}`).toEqual(clean.state);
      }
    }
  }, 300_000);
});
