/**
 * Text clean-up for what pdf.js hands back: ligatures, curly quotes, odd spaces,
 * dashes and private-use bullet glyphs become plain forms, so the rules that read
 * reports can be written once against plain text.
 */

/** Glyphs drawn as list bullets: round, square (◼ in most letters since 2019), arrows, private-use Symbol/Wingdings. */
const BULLET_CHARS = String.raw`\u2022\u2023\u2043\u204C\u204D\u2219\u25AA\u25AB\u25CF\u25CB\u25E6\u25A0\u25A1\u25FB\u25FC\u25FD\u25FE\u25C6\u25C7\u25BA\u25B8\u27A2\u2756\u2666\u00B7\uF0A7\uF0B7\uF076\uF0D8\uF0FC\uF0A8\uF06E\uF071\uF0B2`;
const BULLET_GLYPHS = new RegExp(`^[${BULLET_CHARS}]$`);
const BULLET_ANYWHERE = new RegExp(`[${BULLET_CHARS.replace(String.raw`\u00B7`, '')}]`, 'g');

/** True for a glyph pdf.js returns for a list bullet (incl. Symbol/Wingdings private-use code points). */
export function isBulletGlyph(text: string): boolean {
  return BULLET_GLYPHS.test(text.trim());
}

/** Normalise one piece of text (keeps its length meaningless: for matching, not offsets). */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4\u0060]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212\u2500\u2501\uFE58\uFE63\uFF0D]/g, '-')
    .replace(BULLET_ANYWHERE, '•')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ');
}

/**
 * Text as printed, for output a reader sees (priority actions): ligatures and odd
 * spaces made plain, but quotes, apostrophes and dashes kept as the letter prints them.
 */
export function displayText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ');
}

/** Lower case, single spaces, plain punctuation: the form every rule matches against. */
export function matchable(text: string): string {
  return cleanText(text).toLowerCase().replace(/\s+/g, ' ').trim();
}
