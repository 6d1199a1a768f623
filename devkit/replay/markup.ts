/**
 * HTML of the replayed Ofsted site, in the real site's markup as far as public
 * scrapers show it (li.search-result, strong.results-count, a.pagination__next;
 * provider pages as a timeline: li.timeline__day with p.timeline__date > time
 * (the inspection's day), then for each publication span.event__title around
 * a.publication-link (hidden span.nonvisual "<type>, pdf - <date>") and
 * div.event__metadata > time[pubdate] (the publication date)), the older plain
 * list of links, and two deliberate departures for tests: a drifted layout (new
 * class names, same links and words) and a broken one (no links).
 */
import { formatDisplayDate, formatLongDate } from '#shared/ofsted-site/dates.ts';
import type { ListingSlice, ReplayCouncil, ReplayPublication } from './model.ts';

/** How provider pages are drawn: the newer timeline, the older hidden-text list, a drift, or a broken page. */
export type ProviderMarkup = 'timeline' | 'nonvisual' | 'drifted' | 'broken';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(title: string, main: string, canonical?: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8"/>
  <title>${escapeHtml(title)} - Find an Inspection Report - Ofsted</title>
  ${canonical ? `<link rel="canonical" href="${escapeHtml(canonical)}">` : ''}
</head>
<body>
  <header class="header"><a class="header__home-link" href="/"><span class="nonvisual">Ofsted homepage</span></a></header>
  <main id="main" tabindex="-1">
    <div class="container">
${main}
    </div>
  </main>
  <footer class="footer"><a href="/accessibility-statement">Accessibility</a></footer>
</body>
</html>
`;
}

/** The search results page. `pageUrl` is the URL asked for (for the next-page link). */
export function renderListingPage(slice: ListingSlice, pageUrl: URL): string {
  const items = slice.councils
    .map(
      (council) => `        <li class="search-result">
          <h3 class="search-result__title heading--sub"><a href="/provider/44/${council.urn}">${escapeHtml(council.name)}</a></h3>
          <ul class="search-result__provider-info">
            <li>Category: <strong>Local Authority Children's Services</strong></li>
            <li>URN: <strong>${council.urn}</strong></li>
${council.latestReportDate ? `            <li>Latest report: <strong><time datetime="${council.latestReportDate}">${formatDisplayDate(council.latestReportDate)}</time></strong></li>\n` : ''}          </ul>
          <address class="search-result__address">${escapeHtml(council.address ?? `${council.name}, England`)}</address>
        </li>`,
    )
    .join('\n');
  let pagination = '';
  if (slice.start + slice.rows < slice.total) {
    const next = new URL(pageUrl.href);
    next.searchParams.set('start', String(slice.start + slice.rows));
    next.searchParams.set('rows', String(slice.rows));
    pagination = `      <ul class="pagination"><li class="pagination__item next"><a class="pagination__next" href="${escapeHtml(next.pathname + next.search)}">Next</a></li></ul>`;
  }
  const summary = slice.total === 0 ? '<p class="search-results__summary">0 results</p>' : `<p class="search-results__summary"><strong class="results-count">${slice.total}</strong> results</p>`;
  return page(
    'Search results',
    `      <h1 class="heading--title">Find an inspection report</h1>
      ${summary}
      <ul class="results-list">
${items}
      </ul>
${pagination}`,
  );
}

/** The link's hidden text as the site writes it ("pdf" in lower case), unless the publication gives its own. */
function hiddenText(publication: ReplayPublication): string {
  return publication.label ?? `${publication.type}, pdf - ${formatLongDate(publication.published)}`;
}

/** One timeline day: its date (the inspection's, else the publication's) once, then each publication of that day. */
function timelineDay(day: string, entries: { publication: ReplayPublication; link: string }[]): string {
  const events = entries
    .map(
      ({ publication, link }) => `              <span class="event__title heading--sub">${link}
                <div class="event__metadata">Published <time pubdate>${formatDisplayDate(publication.published)}</time></div></span>`,
    )
    .join('\n');
  return `          <li class="timeline__day">
            <p class="timeline__date"><time datetime="${day}">${formatDisplayDate(day)}</time></p>
            <div class="event">
${events}
            </div>
          </li>`;
}

function publicationLink(publication: ReplayPublication, fileUrl: string): string {
  return `<a class="publication-link" href="${escapeHtml(fileUrl)}" target="_blank">${escapeHtml(publication.type)} <span class="nonvisual">${escapeHtml(hiddenText(publication))}</span></a>`;
}

function publicationItem(publication: ReplayPublication, fileUrl: string, markup: ProviderMarkup): string {
  const type = escapeHtml(publication.type);
  const href = escapeHtml(fileUrl);
  const link = publicationLink(publication, fileUrl);
  switch (markup) {
    case 'nonvisual':
      return `          <li>${link}</li>`;
    case 'timeline':
      return timelineDay(publication.eventDate ?? publication.published, [{ publication, link }]);
    case 'drifted':
      return `          <article class="report-card">
            <h3 class="report-card__heading">${type}</h3>
            <div class="report-card__meta"><span>Published</span> <time datetime="${publication.published}">${formatDisplayDate(publication.published)}</time></div>
${publication.eventDate ? `            <div class="report-card__meta"><span>Inspected</span> <time datetime="${publication.eventDate}">${formatDisplayDate(publication.eventDate)}</time></div>\n` : ''}            <a class="govuk-link govuk-link--download" href="${href}">Download report</a>
          </article>`;
    case 'broken':
      return `          <button class="report-button" data-file="${escapeHtml(publication.fileId)}">${type}</button>`;
  }
}

/** Publications in page order, grouped by day where neighbours share one (a JTAI and a focused visit of one week). */
function timelineDays(publications: ReplayPublication[], fileUrl: (fileId: string) => string): string {
  const days: { day: string; entries: { publication: ReplayPublication; link: string }[] }[] = [];
  for (const publication of publications) {
    const day = publication.eventDate ?? publication.published;
    const entry = { publication, link: publicationLink(publication, fileUrl(publication.fileId)) };
    if (days.at(-1)?.day === day) days.at(-1)!.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  return days.map(({ day, entries }) => timelineDay(day, entries)).join('\n');
}

/** A provider page; `fileUrl` gives each publication's link. */
export function renderProviderPage(
  council: ReplayCouncil,
  publications: ReplayPublication[],
  options: { markup: ProviderMarkup; origin: string; fileUrl: (fileId: string) => string },
): string {
  const items =
    options.markup === 'timeline'
      ? timelineDays(publications, options.fileUrl)
      : publications.map((publication) => publicationItem(publication, options.fileUrl(publication.fileId), options.markup)).join('\n');
  const list =
    publications.length === 0
      ? '        <p>There are no published reports for this provider.</p>'
      : options.markup === 'timeline'
        ? `        <ol class="timeline">\n${items}\n        </ol>`
        : options.markup === 'nonvisual'
          ? `        <ul class="event-list">\n${items}\n        </ul>`
          : options.markup === 'drifted'
            ? `        <section class="reports-v2">\n${items}\n        </section>`
            : `        <div id="reports-app" data-urn="${escapeHtml(council.urn)}">\n${items}\n        </div>`;
  return page(
    council.name,
    `      <div class="module title-block"><h1 class="heading--title title-block__heading">${escapeHtml(council.name)}</h1></div>
      <ul class="info-list">
        <li>URN: <strong>${escapeHtml(council.urn)}</strong></li>
        <li>Category: <strong>Local Authority Children's Services</strong></li>
      </ul>
      <h2 class="heading--sub">Reports</h2>
${list}`,
    `${options.origin}/provider/44/${council.urn}`,
  );
}

export function renderNotFoundPage(path: string): string {
  return page('Page not found', `      <h1 class="heading--title">Page not found</h1>\n      <p>No page at ${escapeHtml(path)}.</p>`);
}
