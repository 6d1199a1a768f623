/**
 * `npm run news-eval`: the news extractor against every fixture article with an
 * expected.json (tests/fixtures/news and its written/ folder). Prints one row per
 * council that must or must not be alerted: expected, found (kind, from → to, rule),
 * and a verdict; then the totals. Exit status 1 when any row is wrong.
 *
 *   npm run news-eval                 # with each article's publication date, where expected.json gives one
 *   npm run news-eval -- --no-dates   # as if no date were known: dates and tenses in the text only (date_only articles left out)
 *   npm run news-eval -- --all        # every event, not only the expected rows
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ALERT_KINDS } from '#shared/domain/events.ts';
import { extractCouncilEvents } from '#shared/news/extract.ts';
import { articleFromPlainText } from '#shared/news/text.ts';

interface ExpectedArticle {
  file: string;
  published?: string | null;
  alert: { council: string; name?: string; kind: string }[];
  no_alert: { council: string; name?: string }[];
  /** Written articles whose time only the publication date tells: left out with --no-dates. */
  date_only?: boolean;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage: npm run news-eval [-- --no-dates] [-- --all]\nExpected vs found alerts over every fixture article (tests/fixtures/news).');
  process.exit(0);
}
const useDates = !args.includes('--no-dates');
const showAll = args.includes('--all');
const alertable = (kind: string) => (DEFAULT_ALERT_KINDS as readonly string[]).includes(kind);
const root = fileURLToPath(new URL('../tests/fixtures/news/', import.meta.url));

let rows = 0;
let wrong = 0;
const counts = { alertsExpected: 0, alertsFound: 0, wrongKind: 0, falseAlarms: 0, quietKept: 0, quietExpected: 0 };
const line = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd([44, 22, 16, 52][i] ?? 0)).join(' | '));
line(['article', 'council', 'expected', 'found (kind from→to, rule)']);
for (const folder of ['', 'written']) {
  const dir = join(root, folder);
  const { articles } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { articles: ExpectedArticle[] };
  for (const article of articles) {
    if (!useDates && article.date_only) continue;
    const published = useDates ? (article.published ?? null) : null;
    const events = extractCouncilEvents(articleFromPlainText(readFileSync(join(dir, article.file), 'utf8'), published));
    const name = join(folder, article.file).slice(0, 44);
    const shown = new Set<string>();
    const show = (code: string, label: string, expected: string, ok: boolean) => {
      const mine = events.filter((e) => e.council.onsCode === code);
      const found = mine.length ? mine.map((e) => `${e.kind} ${e.from ?? '-'}→${e.to ?? '-'} ${e.rule}`).join(' + ') : '(not named)';
      rows++;
      if (!ok) wrong++;
      shown.add(code);
      line([name, label.slice(0, 22), expected, `${found}${ok ? '' : '   <-- WRONG'}`]);
    };
    const alerts = (code: string) => events.filter((e) => e.council.onsCode === code && alertable(e.kind));
    for (const want of article.alert) {
      const found = alerts(want.council);
      const ok = found.some((e) => e.kind === want.kind);
      counts.alertsExpected++;
      if (found.length) counts.alertsFound++;
      if (found.length && !ok) counts.wrongKind++;
      show(want.council, want.name ?? found[0]?.council.name ?? want.council, want.kind, ok);
    }
    for (const quiet of article.no_alert) {
      const ok = alerts(quiet.council).length === 0;
      counts.quietExpected++;
      if (ok) counts.quietKept++;
      show(quiet.council, quiet.name ?? quiet.council, 'no alert', ok);
    }
    for (const event of events) {
      if (shown.has(event.council.onsCode)) continue;
      const alert = alerts(event.council.onsCode).length > 0;
      if (alert) counts.falseAlarms++;
      if (alert || showAll) show(event.council.onsCode, event.council.name, alert ? 'no alert' : '(unlisted)', !alert);
    }
  }
}
console.log(
  `\n${useDates ? 'with publication dates' : 'without publication dates'}: alerts found ${counts.alertsFound}/${counts.alertsExpected} (wrong kind ${counts.wrongKind}), ` +
    `no-alert councils kept quiet ${counts.quietKept}/${counts.quietExpected}, unlisted councils alerted ${counts.falseAlarms}; rows wrong ${wrong}/${rows}`,
);
process.exitCode = wrong > 0 ? 1 : 0;
