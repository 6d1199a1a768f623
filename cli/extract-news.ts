import { readFile } from 'node:fs/promises';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { NotAnArticleError } from '#shared/news/article.ts';
import { readArticleDocument } from './article-document.ts';
import { extractCouncilEvents } from '#shared/news/extract.ts';

const HELP = `Usage: ofsted-watch extract-news FILE...

Reads news articles (plain text or an HTML page) and prints, for each file, one
JSON line with the council events the article reports:

  { "file", "title", "events": [ { "council": { "name", "onsCode", "urn" },
                                   "kind", "from", "to", "evidence" } ] }

kind is one of downgrade, urgent_action (the two alerted by default), upgrade,
concern, positive or mention. from/to are grades (outstanding, good,
requires_improvement, adequate, inadequate) when the article states them, else
null. evidence is the sentence that shows the event.

Plain text: the first non-empty line is the title, the rest is the body.
HTML (.html/.htm, or content that starts with markup): the headline, date and
body come from schema.org NewsArticle JSON-LD, else OpenGraph tags, else the
page's article body.

History quoted for context ("downgraded in 2019") is not news, and councils
named in passing (a partner council, where an adviser came from) get only a
mention. A name shared by two councils ("Kingston") gives no event.

A file that cannot be read prints { "file", "error": { "code", "message" } } and
the others still run; the exit status is then 1.

Options:
  -h, --help   Show this help.

Example:
  npx ofsted-watch extract-news tests/fixtures/news/communitycare-stoke-inadequate.txt`;

interface FileError {
  code: string;
  message: string;
}

function fileError(error: unknown): FileError {
  if (error instanceof NotAnArticleError) return { code: error.code, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'not_found', message: 'no such file' };
  if (code === 'EISDIR') return { code: 'is_directory', message: 'is a directory, not a file' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'permission_denied', message: 'permission denied' };
  return { code: 'unreadable', message: (error as Error).message };
}

export const command: Command = {
  name: 'extract-news',
  summary: 'Council events (downgrade, urgent action, …) from news articles (text or HTML)',
  help: HELP,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length === 0) throw new UsageError('give at least one article FILE (plain text or HTML).');
    let failed = 0;
    for (const file of positionals) {
      try {
        const content = await readFile(file, 'utf8');
        const article = readArticleDocument(content, file);
        const events = extractCouncilEvents(article).map((event) => ({
          council: { name: event.council.name, onsCode: event.council.onsCode, urn: event.council.urn },
          kind: event.kind,
          from: event.from,
          to: event.to,
          evidence: event.evidence,
        }));
        io.out(JSON.stringify({ file, title: article.title, events }));
      } catch (error) {
        failed++;
        io.out(JSON.stringify({ file, error: fileError(error) }));
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

export default command;
