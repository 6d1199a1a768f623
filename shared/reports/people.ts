/**
 * Inspector names as the front page prints them: "Anna Gravelle, His Majesty’s
 * Inspector", "Neil Penswick HMI", "Rebecca Quested, His Majesty’s Inspector, and
 * Matthew Reed, His Majesty’s Inspector". Titles are dropped; several names are
 * joined "A; B".
 */
import type { Line } from './layout.ts';

const TITLES =
  /\b(?:(?:senior|regional|lead|social care|regulatory)\s+)*(?:(?:her|his|h\.?m\.?)\s+majesty['’]?s?\s+inspectors?|hmi|ofsted inspectors?|oi|additional inspectors?|inspectors?|senior hmi|hmci|regulatory inspection manager|social care regulatory inspector)\b/gi;

const NAME = /^[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*|de|van|von|der|du|la|le|da|di|bin|al))+$/u;

/** Names in a lead-inspector field value; null when there is none. */
export function inspectorNames(value: string): string | null {
  const stripped = value
    .replace(TITLES, ',')
    .replace(/\([^)]*\)/g, ',')
    .replace(/\s+(?:and|&)\s+/gi, ',')
    .replace(/[;:]/g, ',');
  const names = stripped
    .split(',')
    .map((s) => s.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, ''))
    .filter((s) => NAME.test(s));
  const unique = [...new Set(names)];
  return unique.length ? unique.join('; ') : null;
}

/** The title under (or beside) a signatory's name. */
const SIGNATORY_TITLE =
  /^(?:(?:senior|regional|lead|principal)\s+)?(?:(?:his|her) majesty'?s (?:chief )?inspector\b|h\.?m\.?i\.?$|hmi\b|ofsted inspector\b|social care regulatory inspector\b|regulatory inspection manager\b|lead inspector\b)/i;
const SIGN_OFF = /^yours?,? (?:sincerely|faithfully)\b/i;

/**
 * Who signed a letter: the name under "Yours sincerely" (a signature image may sit
 * between), else the name above the last inspector's title ("Her Majesty's
 * Inspector"), or on the same line as it.
 */
export function signatory(lines: readonly Line[]): string | null {
  const signOff = lines.findLastIndex((l) => SIGN_OFF.test(l.text));
  if (signOff >= 0) {
    for (const line of lines.slice(signOff + 1, signOff + 4)) {
      if (SIGNATORY_TITLE.test(line.text)) break;
      const name = inspectorNames(line.text.replace(SIGN_OFF, ''));
      if (name) return name.split('; ')[0]!;
    }
  }
  for (let k = lines.length - 1; k > 0 && k >= lines.length - 40; k--) {
    const line = lines[k]!;
    if (!SIGNATORY_TITLE.test(line.text)) {
      const inline = /^([^,]+),\s*(?:(?:his|her) majesty'?s inspector|hmi)\b/i.exec(line.text);
      if (inline && inspectorNames(inline[1]!)) return inspectorNames(inline[1]!)!.split('; ')[0]!;
      continue;
    }
    const name = inspectorNames(lines[k - 1]!.text);
    if (name && lines[k - 1]!.text.split(' ').length <= 5) return name.split('; ')[0]!;
  }
  return null;
}
