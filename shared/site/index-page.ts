/** index.html: the map, the table of every council, the latest events and the chart (pure). */
import type { CouncilEvent } from '../domain/events.ts';
import { currentCouncils } from '../register/register.ts';
import { distributionChart } from './chart.ts';
import { eventItem } from './event-view.ts';
import type { YearDistribution } from './history.ts';
import { html, longDate, page, type Html } from './html.ts';
import { councilPagePath, hexMap, mapKeys, measureSelector } from './map.ts';
import { MEASURES, measureValue, valueLabel } from './measures.ts';
import type { CouncilStanding } from './standing.ts';
import { historyDate } from '../crawl/detect.ts';

/** Events listed on the front page; each council's page lists all of its own. */
export const FRONT_PAGE_EVENTS = 40;

export interface IndexPageInput {
  standings: ReadonlyMap<string, CouncilStanding>;
  events: readonly CouncilEvent[];
  distribution: readonly YearDistribution[];
  builtAt: string;
}

function councilTable(standings: ReadonlyMap<string, CouncilStanding>): Html {
  const rows = currentCouncils().map((council) => {
    const standing = standings.get(council.urn)!;
    const cells = MEASURES.map((m) => html`<td>${valueLabel(m.id, measureValue(standing, m.id), standing)}</td>`);
    return html`<tr><th scope="row"><a href="${councilPagePath(council.onsCode)}">${council.name}</a></th><td>${council.region}</td><td>${standing.latest ? longDate(historyDate(standing.latest)) : 'None yet'}</td>${cells}</tr>\n`;
  });
  return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="table-caption"><table class="councils" id="councils">
<caption id="table-caption">Every council: the grades of its latest full inspection (SIF judgements mapped to today's four), its latest area SEND outcome, and its open areas for priority action</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Region</th><th scope="col">Latest full inspection</th>${MEASURES.map((m) => html`<th scope="col">${m.label}</th>`)}</tr></thead>
<tbody>
${rows}</tbody>
</table></div>`;
}

export function indexPage(input: IndexPageInput): string {
  const { standings, events, distribution } = input;
  const latest = events.slice(0, FRONT_PAGE_EVENTS);
  const main = html`<h1>Children's services in England: where every council stands</h1>
<p class="lede">The latest Ofsted judgements of the 153 councils that run children's social care, every inspection and letter since 2012, and the downgrades and urgent actions as they happen. Built ${longDate(input.builtAt)} at ${input.builtAt.slice(11, 16)} UTC from the reports ofsted-watch has read.</p>

<section aria-labelledby="map-title">
<h2 id="map-title">The map</h2>
<p>One hexagon per council, placed roughly where it is. Select a hexagon for the council's history.</p>
${measureSelector()}
<div class="map-and-key">
${hexMap(standings)}
<div class="keys">
${mapKeys()}
</div>
</div>
${councilTable(standings)}
</section>

<section aria-labelledby="events-title">
<h2 id="events-title">Latest downgrades, urgent actions and upgrades</h2>
${latest.length
    ? html`<ol class="events">
${latest.map((event) => eventItem(event, html`<a href="${councilPagePath(event.council.onsCode)}">${event.council.name}</a>`))}</ol>`
    : html`<p>None recorded yet.</p>`}
<p>Follow them in a feed reader: <a href="feed.atom">every alert</a>, or one council's feed from its page.</p>
</section>

<section aria-labelledby="trend-title">
<h2 id="trend-title">How the national picture has moved</h2>
${distributionChart(distribution)}
</section>

<section aria-labelledby="data-title">
<h2 id="data-title">Open data</h2>
<ul>
<li><a href="data/councils.csv">councils.csv</a>: one row per council, its latest full inspection and where it stands</li>
<li><a href="data/inspections.csv">inspections.csv</a>: every inspection and letter read</li>
<li><a href="data/events.json">events.json</a>: every event recorded</li>
<li><a href="data/README.md">README</a>: what each column means, the licence, when it was built</li>
</ul>
</section>`;
  return page({
    title: "Children's services in England: where every council stands — ofsted-watch",
    description: "A hex map of the latest Ofsted judgements of England's 153 councils' children's services, with every inspection since 2012.",
    root: '',
    feed: { href: 'feed.atom', title: 'ofsted-watch: every alert' },
    main,
    scripts: ['site.js'],
  });
}
