/**
 * An article as the extractor reads it: a title and paragraphs, split into
 * sentences that know where they stand (headline, standfirst, body). Pure.
 */

export interface ArticleText {
  title: string;
  /** Paragraphs of the body, in order, without the title. */
  paragraphs: string[];
  /** ISO date the article was published, when known: history is told from news by it. */
  published?: string | null;
}

export type SentenceRole = 'headline' | 'standfirst' | 'subheading' | 'body';

export interface Sentence {
  index: number;
  paragraph: number;
  role: SentenceRole;
  text: string;
  /** True for a line whose words are mostly capitalised (a title-case headline). */
  titleCase: boolean;
}

/** Lines that are page furniture, not article text. */
const FURNITURE = [
  /^(photo|picture|image|credit|pic|illustration)\s*:/i,
  /^(credit|photo|picture):?\s/i,
  /^more from\b/i,
  /^comments are closed\.?$/i,
  /^story amended$/i,
  /^(share|follow us|sign up|subscribe|advertisement|related( articles| stories)?|read more)\b.{0,40}$/i,
];

/** Where reader comments start: nothing after it is the article. */
const COMMENTS_START = /^(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (responses?|comments?) to\b|^comments\s*\(\d+\)$|^leave a (reply|comment)$/i;

/** Plain text: the first non-empty line is the title, the rest are paragraphs. */
export function articleFromPlainText(text: string, published: string | null = null): ArticleText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim()).filter(Boolean);
  const [title = '', ...rest] = lines;
  return { title, paragraphs: rest, published };
}

/** The paragraphs that are the article, in order: furniture dropped, comments cut. */
export function articleParagraphs(paragraphs: readonly string[]): string[] {
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const line = paragraph.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (COMMENTS_START.test(line)) break;
    if (FURNITURE.some((re) => re.test(line))) continue;
    kept.push(line);
  }
  return kept;
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /\b(?:Mr|Mrs|Ms|Dr|Prof|Cllr|St|No|Co|Ltd|Rev|Sgt|Insp|Supt|vs|e\.g|i\.e|etc|approx)\.$/i;

/**
 * Splits a paragraph into sentences at . ! ? (and a closing quote) followed by a capital, quote
 * or digit, or straight into an opening curly quote ("in the next few weeks.“Their task…").
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  const boundary = /([.!?]+["”’']?)(?:\s+(?=["“‘'(\[]?[A-Z0-9])|(?=[“‘][A-Z]))/g;
  let start = 0;
  for (let match = boundary.exec(paragraph); match; match = boundary.exec(paragraph)) {
    const end = match.index + match[1]!.length;
    const candidate = paragraph.slice(start, end);
    if (ABBREVIATIONS.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = boundary.lastIndex;
  }
  const last = paragraph.slice(start).trim();
  if (last) sentences.push(last);
  return sentences;
}

/** Most words of four letters or more capitalised: "Council Rated Inadequate By Ofsted". */
export function isTitleCase(line: string): boolean {
  const words = line.match(/[A-Za-z][A-Za-z'’]{3,}/g) ?? [];
  if (words.length < 3) return false;
  const capitalised = words.filter((word) => /^[A-Z]/.test(word)).length;
  return capitalised / words.length >= 0.7;
}

/** A short line without closing punctuation in the body is a subheading. */
function isSubheading(paragraph: string): boolean {
  return paragraph.length <= 90 && !/[.!?:]["”’']?$/.test(paragraph);
}

/** Title and paragraphs as numbered sentences with their role. */
export function articleSentences(article: ArticleText): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (text: string, paragraph: number, role: SentenceRole, titleCase: boolean) =>
    sentences.push({ index: sentences.length, paragraph, role, text, titleCase });
  const title = article.title.replace(/\s+/g, ' ').trim();
  if (title) push(title, 0, 'headline', isTitleCase(title));
  const paragraphs = articleParagraphs(article.paragraphs).filter((p) => p !== title);
  paragraphs.forEach((paragraph, i) => {
    const number = i + 1;
    // Only headings are written in title case; a long sentence full of names is not.
    const titleCase = isSubheading(paragraph) && isTitleCase(paragraph);
    if (i === 0 && paragraph.length >= 40) {
      for (const text of splitSentences(paragraph)) push(text, number, 'standfirst', titleCase);
      return;
    }
    if (isSubheading(paragraph)) {
      push(paragraph, number, 'subheading', titleCase);
      return;
    }
    for (const text of splitSentences(paragraph)) push(text, number, 'body', titleCase);
  });
  return sentences;
}
