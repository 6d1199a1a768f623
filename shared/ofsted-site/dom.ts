/** Small cheerio helpers shared by the listing and provider-page parsers. Pure. */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parseSiteDate } from './dates.ts';

/** Text with runs of whitespace collapsed. */
export function cleanText(text: string | undefined | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The largest ancestor of `element` (itself included) that holds no link of
 * another item: the item's "card", whatever the markup calls it. `keyOf` gives
 * the item key of a link element (null when the link is not an item link).
 */
export function itemContainer($: CheerioAPI, element: Element, key: string, keyOf: (link: Element) => string | null): Element {
  let container: Element = element;
  for (let depth = 0; depth < 8; depth += 1) {
    const parent = container.parent;
    if (!parent || parent.type !== 'tag' || parent.name === 'body' || parent.name === 'html') break;
    const others = $(parent)
      .find('a[href]')
      .toArray()
      .some((link) => {
        const other = keyOf(link);
        return other !== null && other !== key;
      });
    if (others) break;
    container = parent;
  }
  return container;
}

export interface LabelledDate {
  date: string;
  /** Text around the date that says what it is ("Inspection date:", "Published"), with ancestor class names. */
  label: string;
}

/** Every `<time>` in `container`, with its date (datetime attribute or text) and what labels it. */
export function datesIn($: CheerioAPI, container: Element): LabelledDate[] {
  const dates: LabelledDate[] = [];
  $(container)
    .find('time')
    .each((_index, time) => {
      const date = parseSiteDate($(time).attr('datetime')) ?? parseSiteDate($(time).text());
      if (!date) return;
      const parent = time.parent;
      const parentText = parent ? cleanText($(parent).text()).replace(cleanText($(time).text()), '') : '';
      const classes: string[] = [];
      for (let node: AnyNode | null = time; node && node !== container.parent; node = node.parent) {
        if (node.type === 'tag') classes.push(($(node).attr('class') ?? '') + ' ' + ($(node).attr('aria-label') ?? ''));
        if (node === container) break;
      }
      // <time pubdate> is the publication date, whatever surrounds it.
      const pubdate = $(time).attr('pubdate') !== undefined ? 'published' : '';
      dates.push({ date, label: cleanText(`${pubdate} ${parentText} ${classes.slice(0, 3).join(' ')}`) });
    });
  return dates;
}
