/**
 * `npm run bench -- crawl`: a full backfill of a 153-council replay site (every
 * current council with reports, real PDFs, spacing off so it measures our
 * processing, not politeness), then the requests a no-change poll makes.
 */
import { fixtureCouncils, fixturePublications } from '#devkit/replay/fixture-model.ts';
import type { ReplayPublication } from '#devkit/replay/model.ts';
import { startLocalStack } from '#devkit/stack.ts';
import { currentCouncils } from '#shared/register/register.ts';

/** Every current council gets two real reports (fixtures reused round-robin), a few years apart. */
function backfillPublications(): ReplayPublication[] {
  const pdfs = fixturePublications().filter((publication) => !/_other\.pdf$/.test(publication.pdfPath ?? ''));
  return currentCouncils().flatMap((council, index) =>
    [0, 1].map((n) => {
      const source = pdfs[(index * 2 + n) % pdfs.length]!;
      return { ...source, urn: council.urn, fileId: `${council.urn}${n}`, published: n === 0 ? '2016-03-01' : '2021-03-01' };
    }),
  );
}

export async function bench(): Promise<void> {
  const publications = backfillPublications();
  const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => console.error(message) };
  const stack = await startLocalStack({
    model: { councils: fixtureCouncils(fixturePublications()), publications },
    logger: quiet,
    start: new Date('2022-01-01T09:00:00Z'),
  });
  try {
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const backfill = await stack.scan();
    const seconds = (performance.now() - start) / 1000;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(`backfill: ${backfill.providersListed} councils listed, ${backfill.providersVisited} provider pages, ${backfill.recordsWritten} reports in ${seconds.toFixed(1)} s`);
    console.log(`          ${(backfill.recordsWritten / seconds).toFixed(1)} reports/s, ${stack.site.requestLog.length} requests, peak RSS ${peakMb.toFixed(0)} MB (start ${(rssBefore / 2 ** 20).toFixed(0)} MB)`);
    console.log(`          at the real site's 1 request/s the same crawl would take about ${Math.ceil(stack.site.requestLog.length / 60)} min of politeness alone`);

    stack.clock.set(new Date('2022-01-01T09:30:00Z'));
    const before = stack.site.requestLog.length;
    const poll = await stack.scan();
    const requests = stack.site.requestLog.slice(before);
    console.log(`no-change poll: ${requests.length} request${requests.length === 1 ? '' : 's'} (${requests.map((r) => r.path.split('?')[0]).join(', ')}), ${poll.providersVisited} provider pages (the whole listing: two pages of 100)`);
  } finally {
    await stack.close();
  }
}
