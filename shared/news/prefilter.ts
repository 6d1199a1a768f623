/**
 * Which feed items are worth fetching: a keyword test on the title and summary.
 * Cheap and generous on purpose; the extractor decides what the article says. Pure.
 */
import type { FeedItem } from './feed.ts';

/** Each is a reason an item may report an inspection outcome or an intervention. */
export const NEWS_KEYWORDS: readonly { name: string; re: RegExp }[] = [
  { name: 'ofsted', re: /\bofsted\b/i },
  { name: 'inspection', re: /\binspect(?:ion|ions|ors?|ed|orate)\b/i },
  { name: "children's services", re: /\bchildren['’]?s? (?:services|social care|social work|care services)\b/i },
  { name: 'grade', re: /\b(?:inadequate|requires? improvement|rated (?:good|outstanding))\b/i },
  { name: 'focused visit', re: /\b(?:focused|monitoring) visit\b|\bjtai\b|\bjoint targeted area inspection\b/i },
  { name: 'intervention', re: /\b(?:improvement notice|statutory direction|commissioner|priority actions?|urgent (?:action|improvements?)|intervention)\b/i },
];

/** The keyword names an item matches; empty means skip it. */
export function newsKeywordsIn(item: Pick<FeedItem, 'title' | 'summary'>): string[] {
  const text = `${item.title}\n${item.summary}`;
  return NEWS_KEYWORDS.filter((k) => k.re.test(text)).map((k) => k.name);
}

export function isWorthFetching(item: Pick<FeedItem, 'title' | 'summary'>): boolean {
  return newsKeywordsIn(item).length > 0;
}
