/**
 * Inspector names as the front page prints them: "Anna Gravelle, His Majesty’s
 * Inspector", "Neil Penswick HMI", "Rebecca Quested, His Majesty’s Inspector, and
 * Matthew Reed, His Majesty’s Inspector". Titles are dropped; several names are
 * joined "A; B".
 */

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
