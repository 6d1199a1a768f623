/**
 * HTML for the site (pure): a tagged template that escapes every value it is
 * given unless it is already HTML, and the page shell every page shares.
 * Text from reports and the press goes through it, so a headline with "<" in
 * it stays text.
 */

export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: values are escaped; Html values and arrays of them are inserted as they are. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** A link to an outside page, only when the address is http(s): a feed or page could carry `javascript:`. */
export function outsideLink(url: string | null | undefined, text: Value): Html {
  return url && /^https?:\/\//i.test(url) ? html`<a href="${url}">${text}</a>` : html`${text}`;
}

/** Markup built elsewhere (trusted), inserted as is. */
export function raw(text: string): Html {
  return new Html(text);
}

export interface PageOptions {
  title: string;
  /** Path from this page to the site root: "" for the root, "../" one level down. */
  root: string;
  /** Description for search results and link previews. */
  description: string;
  /** An Atom feed to announce. */
  feed?: { href: string; title: string };
  main: Html;
  /** Scripts from the site itself (paths from the root). */
  scripts?: string[];
}

/** A whole page: one stylesheet and script from the site itself, nothing from any other host. */
export function page(options: PageOptions): string {
  const { root } = options;
  return `<!doctype html>\n${html`<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<meta name="description" content="${options.description}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}site.css">
${options.feed ? html`<link rel="alternate" type="application/atom+xml" title="${options.feed.title}" href="${options.feed.href}">` : ''}
${(options.scripts ?? []).map((script) => html`<script src="${root}${script}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site"><p><a href="${root}index.html">ofsted-watch: children's services in England</a></p></header>
<main id="main">
${options.main}
</main>
<footer class="site">
<p>Facts from Ofsted's published reports (Crown copyright, <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>) and the press they are reported in. <a href="${root}data/README.md">Open data</a> · <a href="${root}feed.atom">Alerts feed (Atom)</a> · <a href="${root}licences.txt">Licences</a>, including the hex map layout © Open Innovations (MIT).</p>
</footer>
</body>
</html>
`}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2019-07-01" -> "1 July 2019"; null -> "date not known". */
export function longDate(iso: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!match) return 'date not known';
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : 'date not known';
}
