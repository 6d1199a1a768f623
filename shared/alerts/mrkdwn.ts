/**
 * Safe text for Slack. Everything that came from outside (council names,
 * headlines, priority actions, URLs) passes through here before it reaches a
 * message, so `<!channel>` in a headline is shown, not obeyed.
 */

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Slack's formatting marks (*bold*, _italic_, ~strike~, `code`) have no escape
 * in mrkdwn: in outside text each becomes a look-alike that Slack does not
 * read as a mark (∗ asterisk operator, ˍ modifier low macron, ∼ tilde
 * operator, ˋ modifier grave), so a headline cannot bold, strike or code-quote
 * the rest of a message.
 */
const FORMATTING_LOOKALIKES: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };

/**
 * Makes outside text literal in mrkdwn: escapes `&`, `<`, `>` (Slack's control
 * characters), neutralises the formatting marks and defuses bare
 * @channel/@here/@everyone.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (mark) => FORMATTING_LOOKALIKES[mark]!)
    .replace(/@(channel|here|everyone)\b/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

/** Our own words as inline code (a command to type): literal inside, with anything but plain command characters dropped. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/[^\w .:/@=-]/g, '')}\``;
}

/**
 * For plain_text objects (headers), which Slack shows literally: entities would
 * show as "&lt;", so angle brackets become look-alikes (‹ ›) instead. Nothing in
 * the result can form a mention or a link.
 */
export function plainText(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/@(channel|here|everyone)\b/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Only http(s) URLs become links, with the characters that would break `<url|label>` encoded. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

/** A mrkdwn link with an escaped label; just the escaped label when the URL is unusable. */
export function link(url: string | null | undefined, label: string): string {
  const safe = safeUrl(url);
  const text = escapeMrkdwn(label.replace(/\s+/g, ' ').trim());
  return safe ? `<${safe}|${text.replace(/\|/g, '¦')}>` : text;
}

/** Cuts text to at most `max` characters, ending with an ellipsis, without splitting an escape like `&amp;`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf('<');
  if (open !== -1 && !cut.slice(open).includes('>')) cut = cut.slice(0, open);
  return `${cut.trimEnd()}…`;
}
