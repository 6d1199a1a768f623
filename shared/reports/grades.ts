/**
 * Grade words as reports print them, and reading grades out of text or out of
 * table cells whose words wrap across lines ("Requires" / "improvement to be" /
 * "good").
 */
import type { Grade } from '../domain/grades.ts';
import { matchable } from './text.ts';

/** A grade as a judgement carries it: null where the report says "Not judged". */
export type GradeOrNotJudged = Grade | null;

interface Phrase {
  words: string[];
  grade: GradeOrNotJudged;
}

// Longest first: "requires improvement to be good" must win over "requires improvement".
const PHRASES: Phrase[] = [
  { words: ['requires', 'improvement', 'to', 'be', 'good'], grade: 'requires_improvement' },
  { words: ['require', 'improvement', 'to', 'be', 'good'], grade: 'requires_improvement' },
  { words: ['requires', 'improvement'], grade: 'requires_improvement' },
  { words: ['require', 'improvement'], grade: 'requires_improvement' },
  { words: ['not', 'judged'], grade: null },
  { words: ['not', 'applicable'], grade: null },
  { words: ['outstanding'], grade: 'outstanding' },
  { words: ['good'], grade: 'good' },
  { words: ['adequate'], grade: 'adequate' },
  { words: ['inadequate'], grade: 'inadequate' },
];

/** Every word that can be part of a grade phrase. */
export const GRADE_WORDS = new Set(PHRASES.flatMap((p) => p.words));

/**
 * Words of a text, lower case, punctuation stripped. A footnote mark glued to a
 * grade word ("Inadequate2", "good.1", a superscript "Good¹") is dropped, so the
 * grade still reads.
 */
export function words(text: string): string[] {
  return matchable(text)
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((word) => {
      const bare = /^([a-z]+)\d{1,2}$/.exec(word)?.[1];
      return bare && GRADE_WORDS.has(bare) ? bare : word;
    });
}

/** The grade a whole cell or short text says, e.g. "Requires improvement to be good" → requires_improvement. */
export function gradeOf(text: string): GradeOrNotJudged | undefined {
  const w = words(text);
  for (const phrase of PHRASES) {
    if (phrase.words.length === w.length && phrase.words.every((x, i) => x === w[i])) return phrase.grade;
  }
  return undefined;
}

/** A word and where it sits down the page(s): `at` grows downwards. */
export interface PlacedWord {
  word: string;
  at: number;
}

export interface PlacedGrade {
  grade: GradeOrNotJudged;
  /** Extent down the page of the words the grade was read from. */
  top: number;
  bottom: number;
  text: string;
}

/**
 * Reads grade phrases from a stream of words in reading order (a grade column read
 * top to bottom), longest phrase first, skipping words that belong to none.
 */
export function readGrades(stream: readonly PlacedWord[]): PlacedGrade[] {
  const out: PlacedGrade[] = [];
  let i = 0;
  while (i < stream.length) {
    const phrase = PHRASES.find((p) => p.words.every((w, k) => stream[i + k]?.word === w));
    if (!phrase) {
      i++;
      continue;
    }
    const used = stream.slice(i, i + phrase.words.length);
    out.push({
      grade: phrase.grade,
      top: Math.min(...used.map((w) => w.at)),
      bottom: Math.max(...used.map((w) => w.at)),
      text: phrase.words.join(' '),
    });
    i += phrase.words.length;
  }
  return out;
}

/**
 * A grade phrase in matchable text, captured, and not running on into another
 * word ("good" but not "goodwill"; a footnote digit may follow: "improvement.1").
 */
export const GRADE_PATTERN = '(requires? improvement(?: to be good)?|outstanding|good|adequate|inadequate)(?![a-z])';

/**
 * The grade a sentence gives, e.g. "Children's services in Wirral are inadequate",
 * "The overall judgement is that children's services require improvement",
 * "The Local Safeguarding Children Board is good". The grade must end the sentence
 * (after "is"/"are"/"require(s)"), so "not yet delivering good help" does not count.
 */
export function gradeEndingSentence(sentence: string): Grade | undefined {
  const s = matchable(sentence).replace(/[.\s]+$/, '');
  const m =
    /\b(requires? improvement(?: to be good)?)$/.exec(s) ??
    /\b(?:is|are|be|judged(?: to be)?|judgement is(?: that)?|(?:is|are) judged(?: to be)?)\s+(outstanding|good|adequate|inadequate)$/.exec(s);
  if (!m) return undefined;
  const grade = gradeOf(m[1]!);
  return grade ?? undefined;
}
