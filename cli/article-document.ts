/**
 * One entry point for "some article, as a file or a download": HTML goes through
 * the page reader, anything else is read as plain text. Pure.
 */
import { parseArticlePage, type ArticlePage } from '#shared/news/article.ts';
import { articleFromPlainText } from '#shared/news/text.ts';

/** HTML when the name says so or the content starts like markup. */
export function looksLikeHtml(content: string, name = ''): boolean {
  if (/\.x?html?$/i.test(name)) return true;
  const head = content.trimStart().slice(0, 512).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(head|body|article|main|div|meta|p)\b/.test(head);
}

export function readArticleDocument(content: string, name = ''): ArticlePage {
  if (looksLikeHtml(content, name)) return parseArticlePage(content);
  const article = articleFromPlainText(content);
  return { ...article, publisher: null, url: null, via: 'html' };
}
