/**
 * One council's event from the signals attributed to it: the kind (most severe
 * first), from and to (the overall grades the article states for it), the
 * sentence that shows it, the rule that made it, and every candidate dropped with
 * the reason. Pure.
 */
import { compareGrades } from '../domain/grades.ts';
import { NEWS_EVENT_KINDS, type Attributed, type CouncilFacts, type ExtractedEvent, type NewsEventKind } from './candidates.ts';
import { councilHistory, isGrade, previousGrade } from './history.ts';
import type { Signal, SignalKind } from './signals.ts';
import type { Sentence } from './text.ts';


/** Most severe first: the primary kind of an event is the first it has. */
const SEVERITY: readonly NewsEventKind[] = NEWS_EVENT_KINDS;
const LESSER: readonly SignalKind[] = ['concern', 'positive'];

const GRADE_RANK: Record<string, number> = { 'overall-effectiveness': 0, 'change-from-to': 1, 'change-to-from': 1, 'change-to': 1, 'change-up-to': 1, 'quoted-grade': 3, 'told-to-improve': 3 };

function gradeRank(signal: Signal): number {
  return GRADE_RANK[signal.rule] ?? 2;
}

type Judged = Pick<ExtractedEvent, 'kind' | 'alsoKinds' | 'from' | 'to' | 'evidence' | 'rule'>;

/** What the news told of a council says happened: the most severe kind first, with its grades and evidence. */
function judge(signals: Attributed[], facts: CouncilFacts): Judged {
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
  // An intervention alone leads; beside a judgement told as news it is an event of its own (decideEvents).
  const ordered = SEVERITY.filter((kind) => kinds.has(kind)).sort((a, b) => (intervention ? Number(b === 'urgent_action') - Number(a === 'urgent_action') : 0));
  const primary = ordered[0] ?? 'mention';
  const shown = kinds.get(primary) ?? { evidence: facts.firstSentence, rule: 'named' };
  const alertable = primary === 'downgrade' || primary === 'urgent_action';
  // Grades are shown only where they are the news: the change, the inadequate rating, the good one.
  const graded =
    primary === 'downgrade' ||
    primary === 'upgrade' ||
    (primary === 'urgent_action' && to === 'inadequate') ||
    (primary === 'positive' && (to === 'good' || to === 'outstanding')) ||
    (primary === 'concern' && to === 'requires_improvement');
  return {
    kind: primary,
    alsoKinds: ordered.slice(1).filter((kind) => !(alertable || primary === 'concern') || (kind !== 'positive' && kind !== 'upgrade')),
    // An urgent action's "from" is a grade it changed from, never the grade it already had.
    from: graded && !(primary === 'urgent_action' && from === to) ? from : null,
    to: graded ? to : null,
    evidence: shown.evidence.text,
    rule: shown.rule,
  };
}

const ALERTABLE: readonly NewsEventKind[] = ['downgrade', 'urgent_action'];

/**
 * A council's events from one article: one, or two when the article tells both a judgement
 * (a downgrade, an inadequate rating, priority actions) and a government intervention as
 * news: the intervention is an event of its own (merge.ts never folds it into the judgement's).
 */
export function decideEvents(facts: CouncilFacts, isSubject: boolean, dateKnown: boolean): ExtractedEvent[] {
  const signals = councilHistory(facts.signals, isSubject || dateKnown);
  const dropped = signals
    .filter((a) => a.drop && !LESSER.includes(a.signal.kind))
    .map((a) => ({ signal: a.signal.rule, kind: a.signal.kind, reason: a.drop!.reason, detail: a.drop!.detail, sentence: a.sentence.text }));
  const base = { council: facts.council, subject: isSubject };
  const intervention = signals.find((a) => !a.drop && a.signal.intervention);
  const all = judge(signals, facts);
  if (!intervention) return [{ ...base, ...all, intervention: null, dropped }];
  const judgement = judge(signals.filter((a) => !a.signal.intervention), facts);
  // An intervention's grade is the one the council stands at, told as news or as history ("its 'inadequate'-rated department").
  const standing = all.to ?? previousGrade(signals);
  const news = { ...base, ...all, to: standing, from: standing === all.to ? all.from : null, intervention: intervention.signal.intervention, dropped };
  // A grade merely quoted beside an intervention ("Improvement notice issued to 'inadequate' children's services") is where the council stands, not news of its own.
  if (!ALERTABLE.includes(judgement.kind) || judgement.rule === 'inadequate:quoted-grade') return [news];
  const interventionOnly = { ...news, kind: 'urgent_action' as const, alsoKinds: [], from: null, rule: `intervention:${intervention.signal.rule}`, evidence: intervention.sentence.text, dropped: [] };
  return [{ ...base, ...judgement, intervention: null, dropped }, interventionOnly];
}
