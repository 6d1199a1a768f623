/**
 * One council's event from the signals attributed to it: the kind (most severe
 * first), from and to (the overall grades the article states for it), the
 * sentence that shows it, the rule that made it, and every candidate dropped with
 * the reason. Pure.
 */
import type { Council } from '../domain/council.ts';
import { compareGrades, type Grade } from '../domain/grades.ts';
import type { Intervention, Signal, SignalKind } from './signals.ts';
import type { Sentence } from './text.ts';

export const NEWS_EVENT_KINDS = ['downgrade', 'urgent_action', 'upgrade', 'concern', 'positive', 'mention'] as const;
export type NewsEventKind = (typeof NEWS_EVENT_KINDS)[number];

export type DropReason = 'history' | 'negation' | 'hypothetical' | 'general' | 'passing mention' | 'other subject' | 'ambiguous name';

/** A candidate event that did not count, and why. */
export interface DroppedCandidate {
  /** The signal rule that found it (signals.ts), e.g. "rated", "commissioner". */
  signal: string;
  kind: SignalKind;
  reason: DropReason;
  /** The rule behind the reason, e.g. "history:dated (in August = 2024-08-01..2024-08-31, 97 days before publication)". */
  detail: string;
  sentence: string;
}

export interface ExtractedEvent {
  council: Council;
  kind: NewsEventKind;
  /** Other kinds the same news also is (a downgrade to inadequate is also urgent_action). */
  alsoKinds: NewsEventKind[];
  from: Grade | null;
  to: Grade | null;
  /** The sentence that shows it. */
  evidence: string;
  /** Why: the rule that decided the kind, e.g. "grade-compare:rated" or "intervention:commissioner". */
  rule: string;
  /** True for the council the article is about. */
  subject: boolean;
  /** The government intervention this news reports, when it reports one: an event of its own, never merged into a judgement. */
  intervention: Intervention | null;
  /** Candidates for this council that did not count, and why. */
  dropped: DroppedCandidate[];
}

export interface Attributed {
  signal: Signal;
  sentence: Sentence;
  /** The grade is one judgement's (adoption, leadership…), not the overall one. */
  single?: boolean;
  /** Set when the candidate does not count for this council. */
  drop?: { reason: DropReason; detail: string };
}

export interface CouncilFacts {
  council: Council;
  score: number;
  firstSentence: Sentence;
  newsMentions: number;
  signals: Attributed[];
}

/** Most severe first: the primary kind of an event is the first it has. */
const SEVERITY: readonly NewsEventKind[] = NEWS_EVENT_KINDS;
const LESSER: readonly SignalKind[] = ['concern', 'positive'];

function reasonOf(why: string): DropReason {
  if (why.startsWith('history')) return 'history';
  return why === 'negation' || why === 'hypothetical' || why === 'general' ? why : 'history';
}

/** The candidate as it counts: dropped when not told as news, else as attributed. */
export function withTimeDrop(a: Attributed): Attributed {
  if (a.drop || a.signal.time === 'now') return a;
  return { ...a, drop: { reason: reasonOf(a.signal.why), detail: a.signal.why } };
}

const isGrade = (s: Signal) => s.to !== null && (s.kind === 'grade' || s.kind === 'downgrade' || s.kind === 'upgrade');

const GRADE_RANK: Record<string, number> = { 'overall-effectiveness': 0, 'change-from-to': 1, 'change-to': 1, 'change-up-to': 1, 'quoted-grade': 3 };

function gradeRank(signal: Signal): number {
  return GRADE_RANK[signal.rule] ?? 2;
}

/** Words that say a grade is the one the council held until this news. */
const STANDING = /\b(?:until now|until this|remained|has remained|ever since|currently|at present|most recent|latest)\b/i;

/** The overall grade a council had before this news: the latest dated history, else the last told. */
function previousGrade(signals: Attributed[]): Grade | null {
  const past = signals.filter((a) => a.signal.time === 'past' && !a.single && a.drop?.reason === 'history' && isGrade(a.signal));
  if (past.length === 0) return null;
  // "inspectors ruled that it still required improvement – a rating which remained until now".
  const standing = past.filter(({ sentence }) => STANDING.test(sentence.text));
  if (standing.length) return standing.at(-1)!.signal.to;
  const dated = past.filter(({ signal }) => signal.year !== null).sort((a, b) => a.signal.year! - b.signal.year!);
  return (dated.at(-1) ?? past.at(-1))!.signal.to;
}

/**
 * A grade told with a year beside an undated one is the history of the undated news:
 * "rated outstanding" (headline) and "were rated inadequate in 2020" (standfirst).
 */
function datedGradesAsHistory(signals: Attributed[]): Attributed[] {
  const undated = signals.filter((a) => !a.drop && !a.single && isGrade(a.signal) && a.signal.year === null);
  if (undated.length === 0) return signals;
  const newsGrade = undated[0]!.signal.to;
  return signals.map((a) =>
    !a.drop && !a.single && isGrade(a.signal) && a.signal.year !== null && a.signal.to !== newsGrade
      ? { ...a, signal: { ...a.signal, time: 'past' as const }, drop: { reason: 'history' as const, detail: `history:dated-beside-undated-news (${a.signal.year})` } }
      : a,
  );
}

/**
 * Without a publication date, "now" is only the latest year the article names. What it
 * says of a council other than its subject with a year attached is background
 * ("Devon, where an improvement notice was issued in 2023").
 */
function datedAsHistory(signals: Attributed[]): Attributed[] {
  return signals.map((a) => (!a.drop && a.signal.year !== null ? { ...a, signal: { ...a.signal, time: 'past' as const }, drop: { reason: 'history' as const, detail: `history:dated-bystander (${a.signal.year})` } } : a));
}

/** Words that make a statement a new occurrence, not the one dated elsewhere. */
const REPEAT = /\b(?:again|latest|new|fresh|second|third|fourth|another|once more|re-?inspect\w*|further)\b/i;

function sameEvent(undated: Signal, dated: Signal): boolean {
  if (undated.intervention || dated.intervention) return undated.intervention === dated.intervention;
  const change = (s: Signal) => s.kind === 'downgrade' || s.kind === 'upgrade';
  return change(undated) && dated.kind === undated.kind && (undated.to === null || dated.to === null || undated.to === dated.to);
}

/**
 * An undated change or intervention is the one the article dates elsewhere as history:
 * "Plans outlined following Suffolk children's services downgrade" beside "In August,
 * Suffolk County Council saw its rating … downgraded". Not when it says it is another one.
 */
function sameEventDatedElsewhere(signals: Attributed[]): Attributed[] {
  const datedHistory = signals.filter((a) => a.drop?.reason === 'history' && /^history:(?:dated|period|earlier|began)/.test(a.drop.detail));
  const datedNews = signals.filter((a) => !a.drop && a.signal.why.startsWith('news:dated'));
  return signals.map((a) => {
    if (a.drop || a.signal.why !== 'news' || REPEAT.test(a.sentence.text)) return a;
    const same = (b: Attributed) => sameEvent(a.signal, b.signal);
    if (datedNews.some(same) || !datedHistory.some(same)) return a;
    return { ...a, drop: { reason: 'history' as const, detail: 'history:same-event-dated-elsewhere' } };
  });
}

export function decideEvent(facts: CouncilFacts, isSubject: boolean, dateKnown: boolean): ExtractedEvent {
  const timed = facts.signals.map(withTimeDrop);
  const signals = sameEventDatedElsewhere(datedGradesAsHistory(isSubject || dateKnown ? timed : datedAsHistory(timed)));
  const now = signals.filter((a) => !a.drop);
  const kinds = new Map<NewsEventKind, { evidence: Sentence; rule: string }>();
  const add = (kind: NewsEventKind, evidence: Sentence, rule: string) => {
    if (!kinds.has(kind)) kinds.set(kind, { evidence, rule });
  };

  const grades = now.filter((a) => !a.single && isGrade(a.signal));
  // The overall effectiveness grade first, then a stated change, then a grade given, then a grade merely quoted.
  const gradeNews = [...grades].sort((a, b) => gradeRank(a.signal) - gradeRank(b.signal))[0];
  // Any inadequate judgement told as news, overall or single, is urgent.
  const inadequateNews = now.find((a) => isGrade(a.signal) && a.signal.to === 'inadequate' && (a.single || a.sentence === gradeNews?.sentence || a.signal.rule === 'overall-effectiveness' || a === gradeNews));
  const to = gradeNews?.signal.to ?? null;
  const statedFrom = now.find((a) => !a.single && a.signal.from)?.signal.from ?? null;
  const from = to ? (statedFrom ?? previousGrade(signals)) : null;
  const intervention = now.find(({ signal }) => signal.intervention);

  for (const { signal, sentence } of now) if (signal.kind === 'downgrade') add('downgrade', sentence, `signal:${signal.rule}`);
  if (intervention) add('urgent_action', intervention.sentence, `intervention:${intervention.signal.rule}`);
  for (const { signal, sentence } of now) if (signal.kind === 'urgent_action') add('urgent_action', sentence, `signal:${signal.rule}`);
  if (gradeNews && to && from) {
    const change = compareGrades(from, to);
    if (change < 0) add('downgrade', gradeNews.sentence, `grade-compare:${gradeNews.signal.rule}`);
    if (change > 0) add('upgrade', gradeNews.sentence, `grade-compare:${gradeNews.signal.rule}`);
  }
  if (inadequateNews) add('urgent_action', inadequateNews.sentence, `inadequate${inadequateNews.single ? '-judgement' : ''}:${inadequateNews.signal.rule}`);
  for (const { signal, sentence } of now) if (signal.kind === 'upgrade') add('upgrade', sentence, `signal:${signal.rule}`);
  if (gradeNews && to === 'requires_improvement' && (!from || compareGrades(from, to) === 0)) add('concern', gradeNews.sentence, `grade:${gradeNews.signal.rule}`);
  if (gradeNews && (to === 'good' || to === 'outstanding')) add('positive', gradeNews.sentence, `grade:${gradeNews.signal.rule}`);
  for (const { signal, sentence } of now) {
    if (signal.kind === 'concern') add('concern', sentence, `signal:${signal.rule}`);
    if (signal.kind === 'positive') add('positive', sentence, `signal:${signal.rule}`);
  }
  // An explicit upgrade and downgrade in one article contradict: the news is the downgrade.
  if (kinds.has('downgrade')) kinds.delete('upgrade');

  // An intervention is news of its own: it leads, whatever grade the article also gives.
  const ordered = SEVERITY.filter((kind) => kinds.has(kind)).sort((a, b) => (intervention ? Number(b === 'urgent_action') - Number(a === 'urgent_action') : 0));
  const primary = ordered[0] ?? 'mention';
  const shown = kinds.get(primary) ?? { evidence: facts.firstSentence, rule: 'named' };
  const alertable = primary === 'downgrade' || primary === 'urgent_action';
  const alsoKinds = ordered.slice(1).filter((kind) => !(alertable || primary === 'concern') || (kind !== 'positive' && kind !== 'upgrade'));
  // Grades are shown only where they are the news: the change, the inadequate rating, the good one.
  const graded =
    primary === 'downgrade' ||
    primary === 'upgrade' ||
    (primary === 'urgent_action' && to === 'inadequate') ||
    (primary === 'positive' && (to === 'good' || to === 'outstanding')) ||
    (primary === 'concern' && to === 'requires_improvement');
  const dropped = signals
    .filter((a) => a.drop && !LESSER.includes(a.signal.kind))
    .map((a) => ({ signal: a.signal.rule, kind: a.signal.kind, reason: a.drop!.reason, detail: a.drop!.detail, sentence: a.sentence.text }));
  return {
    council: facts.council,
    kind: primary,
    alsoKinds,
    // An urgent action's "from" is a grade it changed from, never the grade it already had.
    from: graded && !(primary === 'urgent_action' && from === to) ? from : null,
    to: graded ? to : null,
    evidence: shown.evidence.text,
    rule: shown.rule,
    subject: isSubject,
    intervention: alertable && intervention ? intervention.signal.intervention : null,
    dropped,
  };
}
