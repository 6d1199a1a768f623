/**
 * What a check of the real sources found, in words: whether each thing the
 * scans rely on held (the listing, its date filter, a provider page, a report,
 * each news feed). Pure: check.ts fetches and parses, these rules judge, and
 * `ofsted-watch doctor` and the check-sources canary print and count them.
 */
import type { ReportFacts } from '../domain/inspection.ts';
import { DEFAULT_LISTING_DATE_FORM, type ListingDateForm } from '../ofsted-site/urls.ts';
import type { ProviderPage, SitePublication } from '../ofsted-site/provider-page.ts';
import { LISTING_MIN_SHARE } from '../crawl/plan.ts';
import type { ListedProvider } from '../crawl/ports.ts';
import { plural } from '../alerts/wording.ts';

export interface SourceCheck {
  /** What was checked: "Ofsted listing", "listing date filter", "provider page", "report", "feed <id>". */
  name: string;
  held: boolean;
  /** What was found, in words. */
  detail: string;
  /**
   * False for a finding the scans do not depend on (the listing's date filter:
   * polls read the whole listing). doctor still reports it as not holding; the
   * weekly canary logs it but does not count it towards its alarm.
   */
  scansRelyOnIt?: false;
}

/** The checks that did not hold and that the scans rely on: what the canary's alarm counts. */
export const failuresScansFeel = (checks: readonly SourceCheck[]): SourceCheck[] => checks.filter((check) => !check.held && check.scansRelyOnIt !== false);


export function judgeListing(listing: { providers: readonly ListedProvider[]; pages: number }, register: { size: number; knows: (urn: string) => boolean }): SourceCheck {
  const count = listing.providers.length;
  const dated = listing.providers.filter((p) => p.latestReportDate).length;
  const unknown = listing.providers.filter((p) => !register.knows(p.urn)).length;
  const found = `${plural(count, 'council')} over ${plural(listing.pages, 'page')}, ${dated} with a latest report date${unknown ? `, ${unknown} not in the register` : ''}; the register has ${register.size}`;
  if (count < register.size * LISTING_MIN_SHARE) return { name: 'Ofsted listing', held: false, detail: `${found}: too few for the scan to trust` };
  if (dated === 0) return { name: 'Ofsted listing', held: false, detail: `${found}: no latest report date is read, so every poll would read every provider page` };
  return { name: 'Ofsted listing', held: true, detail: found };
}

/** A date that splits the listing: about half the councils' latest reports are on or after it. Null when it cannot be split. */
export function filterDate(providers: readonly ListedProvider[]): string | null {
  const dates = providers.map((p) => p.latestReportDate).filter((d): d is string => !!d).sort();
  const middle = dates[Math.floor(dates.length / 2)];
  return middle && dates[0]! < middle ? middle : null;
}

export type FilterAnswer = { form: ListingDateForm } & ({ providers: readonly ListedProvider[] } | { error: string });

/**
 * Which of the ways of writing the filter's date the site honours: a form is
 * honoured when the filtered listing is exactly the councils whose latest
 * report is on or after the date, ignored when it is the whole listing.
 * It holds when the form ofsted-watch writes (DEFAULT_LISTING_DATE_FORM) is
 * honoured. Polls never use the filter (they read the whole listing), so the
 * check is marked as one the scans do not rely on: doctor reports it, the
 * weekly alarm does not fire on it.
 */
export function judgeDateFilter(from: string | null, all: readonly ListedProvider[], answers: readonly FilterAnswer[]): SourceCheck {
  const name = 'listing date filter';
  if (!from) return { name, held: false, scansRelyOnIt: false, detail: 'the listing shows too few report dates to test the filter with' };
  const expected = new Set(all.filter((p) => p.latestReportDate && p.latestReportDate >= from).map((p) => p.urn));
  const sameAs = (urns: Set<string>, other: Set<string>) => urns.size === other.size && [...urns].every((urn) => other.has(urn));
  const whole = new Set(all.map((p) => p.urn));
  const verdicts = answers.map((answer) => {
    if ('error' in answer) return { form: answer.form, outcome: 'failed' as const, words: `failed (${answer.error})` };
    const listed = new Set(answer.providers.map((p) => p.urn));
    if (sameAs(listed, expected)) return { form: answer.form, outcome: 'honoured' as const, words: `listed exactly those ${expected.size}` };
    if (sameAs(listed, whole)) return { form: answer.form, outcome: 'ignored' as const, words: `listed all ${whole.size}: ignored` };
    return { form: answer.form, outcome: 'other' as const, words: `listed ${listed.size}, not the ${expected.size} expected` };
  });
  const intro = `${expected.size} of ${whole.size} councils have a latest report on or after ${from}`;
  const each = verdicts.map((v) => `written ${v.form}, the filter ${v.words}`).join('; ');
  const honoured = verdicts.filter((v) => v.outcome === 'honoured').map((v) => v.form);
  if (honoured.includes(DEFAULT_LISTING_DATE_FORM)) return { name, held: true, detail: `${intro}. The site honours the date written ${DEFAULT_LISTING_DATE_FORM}, the form ofsted-watch writes (${each})` };
  const why = honoured.length
    ? `the site honours ${honoured.join(' and ')}, but ofsted-watch writes ${DEFAULT_LISTING_DATE_FORM} (DEFAULT_LISTING_DATE_FORM, shared/ofsted-site/urls.ts)`
    : 'the site honours none of the forms tried';
  return { name, held: false, scansRelyOnIt: false, detail: `${intro}: ${why} (${each}). Polls do not depend on it: the scan reads the whole listing` };
}

export function judgeProviderPage(council: string, url: string, page: ProviderPage): SourceCheck {
  const name = 'provider page';
  if (!page.ok) return { name, held: false, detail: `${council} (${url}): the page does not parse (${page.problem.replace('_', ' ')}: ${page.detail})` };
  const undated = page.publications.filter((p) => !p.published).length;
  const newest = page.publications[0];
  const found = `${council}: ${plural(page.publications.length, 'publication')}${newest ? `, the newest "${newest.type}" published ${newest.published ?? '(no date)'}` : ''}`;
  if (page.publications.length === 0) return { name, held: false, detail: `${found}: the page lists none` };
  if (page.layout === 'links') {
    return { name, held: false, detail: `${found}, read only by its links and words: the page is in neither known markup (the timeline, nor the older hidden labels), so it has changed; check shared/ofsted-site/provider-page.ts against it (${url})` };
  }
  if (undated) return { name, held: false, detail: `${found}: ${plural(undated, 'publication')} without a publication date, which the scan needs to tell history from news` };
  return { name, held: true, detail: `${found}, in the ${page.layout === 'timeline' ? 'newer timeline' : 'older hidden-label'} markup` };
}

export function judgeReport(council: { urn: string; name: string }, publication: SitePublication, read: { facts: ReportFacts } | { error: string }): SourceCheck {
  const name = 'report';
  const what = `${council.name}'s "${publication.type}" published ${publication.published ?? '(no date)'}`;
  if ('error' in read) return { name, held: false, detail: `${what} could not be read: ${read.error}` };
  const { facts } = read;
  if (facts.council && facts.council.urn !== council.urn) return { name, held: false, detail: `${what} names ${facts.councilName}, not ${council.name}` };
  if (!facts.council) return { name, held: false, detail: `${what}: no council of the register found in it (it names ${facts.councilName ?? 'none'})` };
  const grades = facts.overall ? `overall ${facts.overall.replaceAll('_', ' ')}` : facts.sendOutcome ? `outcome ${facts.sendOutcome.replaceAll('_', ' ')}` : `${plural(Object.values(facts.judgements).filter(Boolean).length, 'judgement')}`;
  return { name, held: true, detail: `${what}: ${facts.framework.toUpperCase()} ${facts.kind.replaceAll('_', ' ')}, ${grades}, ${plural(facts.pages, 'page')}` };
}

export type FeedReading =
  | { error: string }
  | { items: number; newest: string | null; article: { title: string } | { error: string } | null };

export function judgeFeed(feed: { id: string; url: string }, reading: FeedReading): SourceCheck {
  const name = `feed ${feed.id}`;
  if ('error' in reading) return { name, held: false, detail: `${feed.url} could not be read: ${reading.error}` };
  const found = `${feed.url}: ${plural(reading.items, 'item')}${reading.newest ? `, the newest of ${reading.newest.slice(0, 10)}` : ''}`;
  if (reading.items === 0) return { name, held: false, detail: `${found}: it lists nothing` };
  if (!reading.article) return { name, held: false, detail: `${found}, none of them on the feed's own hosts` };
  if ('error' in reading.article) return { name, held: false, detail: `${found}; its newest article could not be read: ${reading.article.error}` };
  return { name, held: true, detail: `${found}; its newest article reads ("${reading.article.title}")` };
}

/** The last line: all held, or which did not. */
export function verdictLine(checks: readonly SourceCheck[]): string {
  const failed = checks.filter((check) => !check.held);
  if (!failed.length) return `All ${plural(checks.length, 'check')} held.`;
  return `${failed.length} of ${plural(checks.length, 'check')} did not hold: ${failed.map((check) => check.name).join(', ')}.`;
}
