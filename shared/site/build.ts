/**
 * The national site, built from what the table holds (pure): records and
 * events in, every file of the site out, as a map of path -> bytes.
 *
 * Only index.html and data/README.md say when they were built; every other
 * file depends on the data alone, so a rebuild after a scan changes only the
 * files whose council (or feed, or data) changed, and only those are uploaded.
 */
import type { Council } from '../domain/council.ts';
import type { CouncilEvent } from '../domain/events.ts';
import { isAlertable } from '../domain/events.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { allCouncils, councilByUrn, currentCouncils, predecessorsOf } from '../register/register.ts';
import { atomFeed } from './atom.ts';
import { siteCss, siteJs } from './assets.ts';
import { councilPage } from './council-page.ts';
import { listedEvents, yearlyDistribution } from './history.ts';
import { HEXMAP_LICENCE } from './hexmap.data.ts';
import { html, page } from './html.ts';
import { indexPage } from './index-page.ts';
import { councilsCsv, dataReadme, eventsJson, inspectionsCsv } from './open-data.ts';
import { councilStanding, type CouncilStanding } from './standing.ts';

export interface SiteInput {
  /** Every inspection record (current councils and predecessors). */
  records: readonly InspectionRecord[];
  /** Every event the table holds. */
  events: readonly CouncilEvent[];
  /** ISO timestamp of the build. */
  builtAt: string;
  /** The site's public URL (https://…), for absolute links in feeds; relative links without it. */
  baseUrl?: string;
}

export interface SiteFile {
  body: Uint8Array;
  contentType: string;
}

export type Site = Map<string, SiteFile>;

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

function groupByUrn<T>(items: readonly T[], urnOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const urn = urnOf(item);
    const list = groups.get(urn);
    if (list) list.push(item);
    else groups.set(urn, [item]);
  }
  return groups;
}

function licences(): string {
  return `Licences of what this site publishes

1. The facts: Ofsted's reports on councils' children's services, Crown copyright,
   used under the Open Government Licence v3.0:
   https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

2. The hex map layout: uk-upper-tier-local-authorities.hexjson by Open Innovations,
   with the councils formed since placed by ofsted-watch, under this licence:

${HEXMAP_LICENCE}
`;
}

function notFoundPage(): string {
  return page({
    title: 'Page not found — ofsted-watch',
    description: 'This page does not exist.',
    root: '/',
    main: html`<h1>Page not found</h1><p>There is no page at this address. <a href="/index.html">See every council on the map</a>.</p>`,
  });
}

export function buildSite(input: SiteInput): Site {
  const recordsByUrn = groupByUrn(input.records, (r) => r.council.urn);
  const eventsByUrn = groupByUrn(input.events, (e) => e.council.urn);
  const standings = new Map<string, CouncilStanding>(
    allCouncils().map((council) => [council.urn, councilStanding(council, recordsByUrn.get(council.urn) ?? [])]),
  );
  const listed = listedEvents(recordsByUrn, input.events);
  const listedById = new Map(listed.map((event) => [event.id, event]));
  const alerts = input.events.filter(isAlertable);
  const files = new Map<string, string>();
  const councilOf = (urn: string): Council | undefined => councilByUrn(urn);

  files.set('index.html', indexPage({ standings, events: listed, distribution: yearlyDistribution(recordsByUrn, input.builtAt.slice(0, 10)), builtAt: input.builtAt }));
  files.set('404.html', notFoundPage());
  files.set('site.css', siteCss());
  files.set('site.js', siteJs());
  files.set('licences.txt', licences());
  for (const council of allCouncils()) {
    const own = (urn: string) => ({ records: recordsByUrn.get(urn) ?? [], events: eventsByUrn.get(urn) ?? [] });
    files.set(`councils/${council.onsCode}.html`, councilPage({
      council,
      standing: standings.get(council.urn)!,
      ...own(council.urn),
      listed: listedById,
      predecessors: predecessorsOf(council).map((predecessor) => ({ council: predecessor, ...own(predecessor.urn) })),
    }));
    files.set(`councils/${council.onsCode}.atom`, atomFeed(alerts.filter((e) => e.council.urn === council.urn), {
      path: `councils/${council.onsCode}.atom`,
      title: `ofsted-watch: alerts for ${council.name}`,
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    }));
  }
  files.set('feed.atom', atomFeed(alerts, { path: 'feed.atom', title: 'ofsted-watch: every alert', ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) }));
  files.set('data/councils.csv', councilsCsv(standings));
  files.set('data/inspections.csv', inspectionsCsv(input.records, councilOf));
  files.set('data/events.json', eventsJson(input.events));
  files.set('data/README.md', dataReadme({ builtAt: input.builtAt, councils: currentCouncils().length, records: input.records.length, events: input.events.length }));

  const encoder = new TextEncoder();
  return new Map([...files].map(([path, text]) => [path, { body: encoder.encode(text), contentType: contentTypeOf(path) }]));
}
