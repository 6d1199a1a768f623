import { WatchError } from '#shared/domain/errors.ts';
import { ARTICLE_MAX_BYTES, decodeText } from '#shared/news/decode.ts';
import { parseByteSize } from '#shared/reports/limits.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { readArticleDocument } from './article-document.ts';
import { INPUT_FILE_ERRORS_HELP, readInputFile } from './input-file.ts';
import { readNews } from '#shared/news/extract.ts';
import { explainReading } from '#shared/news/explain.ts';

const HELP = `Usage: ofsted-watch extract-news [--published YYYY-MM-DD] [--explain [--json]] [--max-bytes SIZE] FILE...

Reads news articles (plain text or an HTML page) and prints, for each file, one
JSON line with the council events the article reports:

  { "file", "title", "published", "events": [ { "council": { "name", "onsCode", "urn" },
                                                "kind", "from", "to", "evidence", "rule" } ] }

kind is one of downgrade, urgent_action (the two alerted by default), upgrade,
concern, positive or mention. from/to are the overall grades (outstanding, good,
requires_improvement, adequate, inadequate) the article states for the council,
else null. evidence is the sentence that shows the event, rule the rule that made
it (e.g. "intervention:commissioner", "grade-compare:rated"). published is the date
the article was read against, or null.

Time: every statement is read against the article's publication date: the
--published date, else the page's JSON-LD datePublished or OpenGraph date, else a
dateline in the text ("Tuesday, February 19, 2019"). What happened more than about
six weeks before it ("in August" in a December article, "last October", "the
original report") is history, never news. With no date known, the dates and
tenses in the text decide.

Subject: an event is the council's only when its children's services (or the
trust that runs them) were judged or intervened in; not a children's home, school,
youth offending team or SEND partnership, not a council named in passing (a
partner, where someone came from, a comparison). A name shared by two councils
("Kingston") gives no event. Government intervention (commissioner, improvement
notice, statutory direction, DfE adviser, services moved to a trust) is an
urgent action of its own.

Plain text: the first non-empty line is the title, the rest is the body.
HTML (.html/.htm, or content that starts with markup): the headline, date and
body come from schema.org NewsArticle JSON-LD, else OpenGraph tags, else the
page's article body.

A file that cannot be read prints { "file", "error": { "code", "message" } } with code
${INPUT_FILE_ERRORS_HELP}
  not_text           not text (a PDF, an image, random bytes: read as text, binary
                     junk gives false events)
  not_an_article     an HTML page with no headline and no body text
and the other files still run; the exit status is then 1. The file codes are
parse-report's too.

Options:
  --max-bytes SIZE        largest file accepted: bytes, or with KB/MB (default ${ARTICLE_MAX_BYTES / 1024 / 1024}MB,
                          as the news scan reads at most of a page)
  --published YYYY-MM-DD  The publication date of every FILE given (overrides the
                          page's own date).
  --explain               Print, instead of JSON, each council's event with the rule
                          that made it and every candidate dropped with the reason
                          (history, negation, hypothetical, general, passing mention,
                          other subject, ambiguous name).
  --json                  With --explain: JSON lines, each event with "dropped", and
                          the candidates no council took under "dropped".
  -h, --help              Show this help.

Examples:
  npx --no-install ofsted-watch extract-news tests/fixtures/news/communitycare-stoke-inadequate.txt
  npx --no-install ofsted-watch extract-news --explain --published 2016-05-13 tests/fixtures/news/communitycare-torbay-commissioner.txt`;

/** A file's failure as its error line: our typed errors by their code; anything else is a bug and is thrown. */
function fileError(error: unknown): { code: string; message: string } {
  if (error instanceof WatchError) return { code: error.code, message: error.message };
  throw error;
}

export const command: Command = {
  name: 'extract-news',
  summary: 'Council events (downgrade, urgent action, …) from news articles (text or HTML)',
  help: HELP,
  async run(argv, io) {
    const { positionals, values } = parseCommandArgs(argv, { published: { type: 'string' }, explain: { type: 'boolean' }, json: { type: 'boolean' }, 'max-bytes': { type: 'string' } });
    const maxBytes = values['max-bytes'] === undefined ? ARTICLE_MAX_BYTES : parseByteSize(values['max-bytes']);
    if (maxBytes === null) throw new UsageError(`--max-bytes must be a positive size such as 5242880 or 5MB (got "${values['max-bytes']}")`);
    if (positionals.length === 0) throw new UsageError('give at least one article FILE (plain text or HTML).');
    if (values.json && !values.explain) throw new UsageError('--json goes with --explain (the plain output is JSON already).');
    const published = values.published === undefined ? undefined : publishedDate(values.published);
    let failed = 0;
    for (const file of positionals) {
      try {
        const content = decodeText(await readInputFile(file, maxBytes));
        const page = readArticleDocument(content, file);
        const article = published ? { ...page, published } : page;
        const reading = readNews(article);
        if (values.explain && !values.json) {
          io.out(explainReading(file, article.title, reading));
          continue;
        }
        const events = reading.events.map((event) => ({
          council: { name: event.council.name, onsCode: event.council.onsCode, urn: event.council.urn },
          kind: event.kind,
          from: event.from,
          to: event.to,
          evidence: event.evidence,
          rule: event.rule,
          ...(values.explain ? { intervention: event.intervention, dropped: event.dropped } : {}),
        }));
        io.out(JSON.stringify({ file, title: article.title, published: reading.anchor.date, events, ...(values.explain ? { dropped: reading.dropped } : {}) }));
      } catch (error) {
        failed++;
        io.out(JSON.stringify({ file, error: fileError(error) }));
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

/** --published: a real calendar date written YYYY-MM-DD. */
function publishedDate(value: string): string {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--published must be a date written YYYY-MM-DD (got "${value}").`);
  }
  return value;
}

export default command;
