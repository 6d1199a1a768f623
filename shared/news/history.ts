/**
 * What of a council's candidates is history, looked at across the whole article: a
 * grade dated beside an undated one, an undated change the article dates elsewhere,
 * what a bystander is said to have had in a named year; and the grade it had before
 * the news. Pure.
 */
import type { Grade } from '../domain/grades.ts';
import type { Attributed, DropReason } from './candidates.ts';
import type { Signal } from './signals.ts';

function reasonOf(why: string): DropReason {
  if (why.startsWith('history')) return 'history';
  return why === 'negation' || why === 'hypothetical' || why === 'general' ? why : 'history';
}

/** The candidate as it counts: dropped when not told as news, else as attributed. */
export function withTimeDrop(a: Attributed): Attributed {
  if (a.drop || a.signal.time === 'now') return a;
  return { ...a, drop: { reason: reasonOf(a.signal.why), detail: a.signal.why } };
}

export const isGrade = (s: Signal) => s.to !== null && (s.kind === 'grade' || s.kind === 'downgrade' || s.kind === 'upgrade');

/** Words that say a grade is the one the council held until this news. */
const STANDING = /\b(?:until now|until this|remained|has remained|ever since|currently|at present|most recent|latest)\b/i;

/** The overall grade a council had before this news: the latest dated history, else the last told. */
export function previousGrade(signals: Attributed[]): Grade | null {
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
  // A date read against the publication date has already said whether it is news.
  return signals.map((a) =>
    !a.drop && !a.single && isGrade(a.signal) && a.signal.year !== null && a.signal.to !== newsGrade && !a.signal.why.startsWith('news:dated')
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
const REPEAT = /\b(?:again|latest|new|fresh|second|third|fourth|another|once more|re-?inspect\w*|further|also)\b/i;
/** Within a year a council is not judged, or intervened in the same way, twice. */
const SAME_EVENT_DAYS = 365;

function sameEvent(undated: Signal, dated: Signal): boolean {
  if (dated.daysBefore === null || dated.daysBefore > SAME_EVENT_DAYS) return false;
  if (undated.intervention || dated.intervention) return undated.intervention === dated.intervention;
  if (undated.kind === 'grade') return isGrade(dated) && dated.to === undated.to;
  const change = (s: Signal) => s.kind === 'downgrade' || s.kind === 'upgrade';
  return change(undated) && dated.kind === undated.kind && (undated.to === null || dated.to === null || undated.to === dated.to);
}

/**
 * An undated statement is the event the article dates elsewhere, within the year before
 * it, as history: "Plans outlined following Suffolk children's services downgrade" beside
 * "In August, Suffolk County Council saw its rating … downgraded"; "Council vows to act after
 * Ofsted rates children's services inadequate" beside "In March, Ofsted rated …". Not when
 * it says it is another one ("again", "new", "also").
 */
function sameEventDatedElsewhere(signals: Attributed[]): Attributed[] {
  const datedHistory = signals.filter((a) => a.drop?.reason === 'history' && /^history:(?:dated|earlier|began|calendar-without-date)/.test(a.drop.detail));
  const datedNews = signals.filter((a) => !a.drop && a.signal.why.startsWith('news:dated'));
  return signals.map((a) => {
    if (a.drop || a.signal.why !== 'news' || REPEAT.test(a.sentence.text)) return a;
    const same = (b: Attributed) => sameEvent(a.signal, b.signal);
    if (datedNews.some((b) => sameEvent(a.signal, { ...b.signal, daysBefore: 0 })) || !datedHistory.some(same)) return a;
    return { ...a, drop: { reason: 'history' as const, detail: 'history:same-event-dated-elsewhere' } };
  });
}

/**
 * The council's candidates with history dropped: told as not now, a grade dated beside
 * undated news, an undated change dated elsewhere; and, when years cannot be trusted (no
 * publication date and not the article's subject), whatever names a year.
 */
export function councilHistory(signals: Attributed[], trustYears: boolean): Attributed[] {
  const timed = signals.map(withTimeDrop);
  return sameEventDatedElsewhere(datedGradesAsHistory(trustYears ? timed : datedAsHistory(timed)));
}
