/**
 * What the map can show (pure): the measures of the selector, the value each
 * council has for each, the words for every value and the colour it is drawn
 * in. Values are the tokens `parse-report` and the open data use
 * (`requires_improvement`, `systemic_failings`); "none" is the value where a
 * council has none, and it is always written out in words.
 */
import { gradeLabel, isGrade, type Grade } from '../domain/grades.ts';
import { gradedByJudgementsOnly, type CouncilStanding, type Judgement, type SendOutcome } from './standing.ts';

export const MEASURES = [
  { id: 'overall', label: 'Overall effectiveness' },
  { id: 'impactOfLeaders', label: 'Impact of leaders' },
  { id: 'helpAndProtection', label: 'Children who need help and protection' },
  { id: 'inCare', label: 'Children in care' },
  { id: 'careLeavers', label: 'Care leavers' },
  { id: 'sendOutcome', label: 'Area SEND outcome' },
  { id: 'priorityActions', label: 'Open areas for priority action' },
] as const;
export type MeasureId = (typeof MEASURES)[number]['id'];
export const DEFAULT_MEASURE: MeasureId = 'overall';

export const NO_VALUE = 'none';

/** Colours (fill), each with text that reads on it. Checked for contrast in tests/site-build.test.ts. */
export const COLOURS = {
  outstanding: '#1d6b3a',
  good: '#6fbf73',
  requires_improvement: '#f4b400',
  adequate: '#f7d26a',
  inadequate: '#c0392b',
  positive: '#1d6b3a',
  inconsistent: '#f4b400',
  systemic_failings: '#c0392b',
  pa_none: '#cfe8d5',
  pa_some: '#f08c3a',
  pa_many: '#b0122b',
  none: '#d9d9d9',
} as const;
export type ColourKey = keyof typeof COLOURS;

const SEND_LABELS: Record<SendOutcome, string> = {
  positive: 'Positive experiences and outcomes',
  inconsistent: 'Inconsistent experiences and outcomes',
  systemic_failings: 'Widespread or systemic failings',
};

export function sendOutcomeLabel(outcome: SendOutcome): string {
  return SEND_LABELS[outcome];
}

/** The value a council has for a measure: a grade, an outcome, a count, or "none". */
export function measureValue(standing: CouncilStanding, measure: MeasureId): string {
  switch (measure) {
    case 'overall':
      return standing.overall ?? NO_VALUE;
    case 'sendOutcome':
      return standing.sendOutcome ?? NO_VALUE;
    case 'priorityActions':
      return String(standing.openPriorityActions.length);
    default:
      return standing.judgements[measure as Judgement] ?? NO_VALUE;
  }
}

export function colourKey(measure: MeasureId, value: string): ColourKey {
  if (measure === 'priorityActions') {
    const count = Number(value);
    return count === 0 ? 'pa_none' : count < 3 ? 'pa_some' : 'pa_many';
  }
  return value in COLOURS ? (value as ColourKey) : 'none';
}

/** Words for a value, e.g. "Requires improvement", "No area SEND inspection yet", "3 open". */
export function valueLabel(measure: MeasureId, value: string, standing?: CouncilStanding): string {
  if (measure === 'priorityActions') {
    const count = Number(value);
    return count === 0 ? 'None open' : `${count} open`;
  }
  if (value === NO_VALUE) {
    if (measure === 'sendOutcome') return 'No area SEND inspection yet';
    if (!standing?.latest) return 'No grade: no full inspection yet';
    if (measure === 'overall' && gradedByJudgementsOnly(standing.latest)) return 'No grade: no overall grade since 2026';
    return 'No grade';
  }
  if (isGrade(value)) return gradeLabel(value);
  if (value in SEND_LABELS) return SEND_LABELS[value as SendOutcome];
  return value;
}

/** Words for a grade or its absence, for tables and timelines. */
export function gradeWords(grade: Grade | null | undefined): string {
  return grade ? gradeLabel(grade) : 'No grade';
}

/** The key of a measure: each colour it uses, with its words, in order. */
export function measureKey(measure: MeasureId): { colour: ColourKey; label: string }[] {
  switch (measure) {
    case 'sendOutcome':
      return [
        ...(['positive', 'inconsistent', 'systemic_failings'] as const).map((o) => ({ colour: o, label: SEND_LABELS[o] })),
        { colour: 'none', label: 'No area SEND inspection yet' },
      ];
    case 'priorityActions':
      return [
        { colour: 'pa_none', label: 'None open' },
        { colour: 'pa_some', label: '1 or 2 open' },
        { colour: 'pa_many', label: '3 or more open' },
      ];
    default:
      return [
        ...(['outstanding', 'good', 'requires_improvement', 'adequate', 'inadequate'] as const)
          .filter((grade) => measure === 'overall' || grade !== 'adequate')
          .map((grade) => ({ colour: grade as ColourKey, label: gradeLabel(grade) })),
        { colour: 'none', label: measure === 'overall' ? 'No grade: none yet, or none given (2026 framework)' : 'No grade' },
      ];
  }
}
