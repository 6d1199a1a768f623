/**
 * From an article to council events: which councils it names, which of them the
 * news is about, and what happened to each (downgrade, urgent action, upgrade,
 * concern, praise, or a plain mention), with the sentence that shows it.
 *
 * Rules, in order:
 *  1. Councils are found by name (mentions.ts); a name read in passing (roles.ts) gives only a mention.
 *  2. The subject is the council named most prominently: headline, standfirst, early paragraphs, frequency.
 *  3. A signal (signals.ts) belongs to the nearest council named before it in its sentence; with none
 *     before, to the first council named after it; with none in the sentence, to the council the
 *     article is talking about at that point (the last one named as news, at first the subject).
 *  4. Only signals told as news count; history gives the previous grade, never an event.
 * Pure, no I/O.
 */
import type { Council } from '../domain/council.ts';
import { compareGrades, type Grade } from '../domain/grades.ts';
import { findCouncilMentions, type CouncilMention } from './mentions.ts';
import { passingRole } from './roles.ts';
import { referenceYear, sentenceSignals, type Signal } from './signals.ts';
import { articleSentences, type ArticleText, type Sentence } from './text.ts';

export const NEWS_EVENT_KINDS = ['downgrade', 'urgent_action', 'upgrade', 'concern', 'positive', 'mention'] as const;
export type NewsEventKind = (typeof NEWS_EVENT_KINDS)[number];

/** Most severe first: the primary kind of an event is the first it has. */
const SEVERITY: readonly NewsEventKind[] = NEWS_EVENT_KINDS;

export interface ExtractedEvent {
  council: Council;
  kind: NewsEventKind;
  /** Other kinds the same news also is (a downgrade to inadequate is also urgent_action). */
  alsoKinds: NewsEventKind[];
  from: Grade | null;
  to: Grade | null;
  /** The sentence that shows it. */
  evidence: string;
  /** Why: the rule that decided the kind, e.g. "grade-compare:rated" or "signal:priority-action". */
  rule: string;
  /** True for the council the article is about. */
  subject: boolean;
}

interface Attributed {
  signal: Signal;
  sentence: Sentence;
}

interface CouncilFacts {
  council: Council;
  score: number;
  firstSentence: Sentence;
  newsMentions: number;
  signals: Attributed[];
}

const ROLE_WEIGHT: Record<Sentence['role'], number> = { headline: 6, standfirst: 4, subheading: 2, body: 1 };

function mentionWeight(sentence: Sentence): number {
  const early = sentence.role === 'body' && sentence.paragraph <= 4 ? 1 : 0;
  return ROLE_WEIGHT[sentence.role] + early;
}

/** Events for every council the article names (ambiguous names give none). */
export function extractCouncilEvents(article: ArticleText): ExtractedEvent[] {
  const sentences = articleSentences(article);
  const context = { referenceYear: referenceYear(article.published, sentences.map((s) => s.text)) };
  const facts = new Map<string, CouncilFacts>();
  const read = sentences.map((sentence) => {
    const { mentions, ambiguous } = findCouncilMentions(sentence.text, { titleCase: sentence.titleCase });
    const named = mentions.map((mention) => ({ mention, passing: passingRole(sentence.text, mention.start, mention.end) !== null }));
    for (const { mention, passing } of named) {
      const entry = facts.get(mention.council.urn) ?? { council: mention.council, score: 0, firstSentence: sentence, newsMentions: 0, signals: [] };
      if (!passing) {
        entry.score += mentionWeight(sentence);
        entry.newsMentions += 1;
      }
      facts.set(mention.council.urn, entry);
    }
    // A name two councils share takes its sentence's news with it: nobody gets it.
    const unclear = ambiguous.map((a) => ({ mention: { council: null, text: a.text, start: a.start, end: a.end }, passing: true }));
    const marked: Marked[] = [...named, ...unclear].sort((a, b) => a.mention.start - b.mention.start);
    // "St Helens in Lancashire", "Hull City Council, in East Yorkshire": the second name only says where the first is.
    marked.forEach((m, i) => {
      const previous = marked[i - 1];
      if (previous && /^(?:\s+(?:(?:borough|city|county|district|metropolitan borough)\s+)?council)?,?\s+in\s+(?:the\s+)?$/i.test(sentence.text.slice(previous.mention.end, m.mention.start))) {
        m.passing = true;
        m.place = true;
      }
    });
    return { sentence, marked, signals: sentenceSignals(sentence.text, context) };
  });
  if (facts.size === 0) return [];

  const subject = subjectOf([...facts.values()]);
  let topic: string | null = subject?.council.urn ?? null;
  for (const { sentence, marked, signals } of read) {
    const owners = new Set<string>();
    for (const signal of signals) {
      for (const owner of ownersOf(signal, marked, topic, sentence.text)) {
        facts.get(owner)!.signals.push({ signal, sentence });
        if (marked.some((m) => m.mention.council?.urn === owner)) owners.add(owner);
      }
    }
    const named = marked.filter((m) => !m.passing && m.mention.council);
    const next = named.find((m) => owners.has(m.mention.council!.urn)) ?? named.find((m) => takesTheTopic(m, sentence.text, subject, owners));
    if (next?.mention.council) topic = next.mention.council.urn;
  }

  const dateKnown = Boolean(article.published);
  return [...facts.values()].map((entry) => decideEvent(entry, entry === subject, dateKnown));
}

/** The council the article is about: the highest score, named as news at least once. */
function subjectOf(all: CouncilFacts[]): CouncilFacts | undefined {
  return all
    .filter((f) => f.newsMentions > 0)
    .sort((a, b) => b.score - a.score || a.firstSentence.index - b.firstSentence.index)[0];
}

/** A council named in a sentence; council null for a name two councils share. */
interface Marked {
  mention: Omit<CouncilMention, 'council'> & { council: Council | null };
  passing: boolean;
  /** Named only to say where another council is: looked through when finding a signal's owner. */
  place?: boolean;
}

/** Where a sentence turns to a council: it opens the sentence ("In North Tyneside, …"). */
const OPENS_SENTENCE = /^\W*(?:(?:in|at|for|meanwhile|however|but|and|elsewhere|separately|over in|while|whereas|neighbouring|nearby)\b[\s,]*)?(?:the (?:london |royal |metropolitan )?(?:borough|city|county) of |the )?$/i;

/**
 * A council named as news becomes what the article talks about next when it opens
 * the sentence, is the article's subject, or the sentence's news is explicitly its own.
 * A council named deep in a sentence ("…will be chaired by Leeds' director") does not.
 */
function takesTheTopic(m: Marked, sentence: string, subject: CouncilFacts | undefined, owners: Set<string>): boolean {
  const urn = m.mention.council!.urn;
  return urn === subject?.council.urn || owners.has(urn) || OPENS_SENTENCE.test(sentence.slice(0, m.mention.start));
}

/** Interventions name their council after them: "a commissioner for Stoke", "a direction to Birmingham". */
const INTERVENTION_RULES = new Set(['commissioner', 'improvement-notice', 'statutory-direction', 'intervention', 'dfe-notified']);
const OBJECT_OF = /^[^.;]{0,40}?\b(?:for|at|to|on|in|over|oversee|overseeing|into|with)\s+(?:the\s+)?(?:(?:london|royal|metropolitan)\s+)?(?:(?:borough|city|county)\s+(?:council\s+)?of\s+)?$/i;

/** Between names in a list: "Doncaster, Milton Keynes and Surrey", "Slough Borough Council and Sandwell". */
const LIST_GAP = /^(?:\s+(?:borough|city|county|metropolitan borough|district)?\s*councils?)?(?:['’]s)?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|&\s+|or\s+|as well as\s+)$/i;

/** The names listed together with marked[index], itself included. */
function listAround(marked: Marked[], index: number, sentence: string): Marked[] {
  const joined = (a: Marked, b: Marked) => LIST_GAP.test(sentence.slice(a.mention.end, b.mention.start));
  let first = index;
  let last = index;
  while (first > 0 && joined(marked[first - 1]!, marked[first]!)) first--;
  while (last < marked.length - 1 && joined(marked[last]!, marked[last + 1]!)) last++;
  return marked.slice(first, last + 1);
}

function urnsOf(group: Marked[]): string[] {
  return group.filter((m) => !m.passing && m.mention.council).map((m) => m.mention.council!.urn);
}

function ownersOf(signal: Signal, all: Marked[], topic: string | null, sentence: string): string[] {
  const marked = all.filter((m) => !m.place);
  if (INTERVENTION_RULES.has(signal.rule)) {
    const object = marked.findIndex((m) => !m.passing && m.mention.council && m.mention.start >= signal.end && OBJECT_OF.test(sentence.slice(signal.end, m.mention.start)));
    if (object >= 0) return urnsOf(listAround(marked, object, sentence));
  }
  // "Ofsted rates Slough's services inadequate": the name inside the words that show it.
  const inside = marked.find((m) => m.mention.start >= signal.start && m.mention.end <= signal.end);
  if (inside) return inside.passing || !inside.mention.council ? [] : [inside.mention.council.urn];
  const before = marked.findLastIndex((m) => m.mention.end <= signal.start);
  if (before >= 0) return marked[before]!.passing ? [] : urnsOf(listAround(marked, before, sentence));
  const after = marked.findIndex((m) => !m.passing && m.mention.start >= signal.end);
  if (after >= 0) return urnsOf(listAround(marked, after, sentence));
  if (all.length > 0) return [];
  return topic ? [topic] : [];
}

/** The grade a council had before this news: the latest dated history, else the last told. */
function previousGrade(signals: Attributed[]): Grade | null {
  const past = signals.filter(({ signal }) => signal.time === 'past' && signal.to && signal.kind !== 'concern' && signal.kind !== 'positive');
  if (past.length === 0) return null;
  const dated = past.filter(({ signal }) => signal.year !== null).sort((a, b) => a.signal.year! - b.signal.year!);
  return (dated.at(-1) ?? past.at(-1))!.signal.to;
}

/**
 * A grade told with a year beside an undated one is the history of the undated news:
 * "rated outstanding" (headline) and "were rated inadequate in 2020" (standfirst).
 */
function datedGradesAsHistory(signals: Attributed[]): Attributed[] {
  const isGrade = (s: Signal) => s.time === 'now' && s.to !== null && (s.kind === 'grade' || s.kind === 'downgrade' || s.kind === 'upgrade');
  const undated = signals.filter(({ signal }) => isGrade(signal) && signal.year === null);
  if (undated.length === 0) return signals;
  const newsGrade = undated[0]!.signal.to;
  return signals.map((a) =>
    isGrade(a.signal) && a.signal.year !== null && a.signal.to !== newsGrade ? { ...a, signal: { ...a.signal, time: 'past' as const } } : a,
  );
}

/**
 * Without a publication date, "now" is only the latest year the article names. What it
 * says of a council other than its subject with a year attached is background
 * ("Devon, where an improvement notice was issued in 2023").
 */
function datedAsHistory(signals: Attributed[]): Attributed[] {
  return signals.map((a) => (a.signal.time === 'now' && a.signal.year !== null ? { ...a, signal: { ...a.signal, time: 'past' as const } } : a));
}

function decideEvent(entry: CouncilFacts, isSubject: boolean, dateKnown: boolean): ExtractedEvent {
  const signals = isSubject || dateKnown ? entry.signals : datedAsHistory(entry.signals);
  entry = { ...entry, signals: datedGradesAsHistory(signals) };
  const now = entry.signals.filter(({ signal }) => signal.time === 'now');
  const kinds = new Map<NewsEventKind, { evidence: Sentence; rule: string }>();
  const add = (kind: NewsEventKind, evidence: Sentence, rule: string) => {
    if (!kinds.has(kind)) kinds.set(kind, { evidence, rule });
  };

  const grades = now.filter(({ signal }) => signal.to && (signal.kind === 'grade' || signal.kind === 'downgrade' || signal.kind === 'upgrade'));
  // The overall effectiveness grade is the news when the article also gives sub-judgements.
  const gradeNews = grades.find(({ signal }) => signal.rule === 'overall-effectiveness') ?? grades[0];
  // An inadequate sub-judgement told beside the overall grade ("requires improvement …, with overall effectiveness as inadequate").
  const inadequateNews = grades.find(({ signal, sentence }) => signal.to === 'inadequate' && (sentence === gradeNews?.sentence || signal.rule === 'overall-effectiveness'));
  const to = gradeNews?.signal.to ?? null;
  const statedFrom = now.find(({ signal }) => signal.from)?.signal.from ?? null;
  const from = to ? (statedFrom ?? previousGrade(entry.signals)) : null;

  for (const { signal, sentence } of now) {
    if (signal.kind === 'downgrade') add('downgrade', sentence, `signal:${signal.rule}`);
    if (signal.kind === 'urgent_action') add('urgent_action', sentence, `signal:${signal.rule}`);
  }
  if (gradeNews && to && from) {
    const change = compareGrades(from, to);
    if (change < 0) add('downgrade', gradeNews.sentence, `grade-compare:${gradeNews.signal.rule}`);
    if (change > 0) add('upgrade', gradeNews.sentence, `grade-compare:${gradeNews.signal.rule}`);
  }
  // Any inadequate judgement is urgent.
  if (inadequateNews) add('urgent_action', inadequateNews.sentence, `inadequate:${inadequateNews.signal.rule}`);
  for (const { signal, sentence } of now) if (signal.kind === 'upgrade') add('upgrade', sentence, `signal:${signal.rule}`);
  if (gradeNews && to === 'requires_improvement' && (!from || compareGrades(from, to) === 0)) add('concern', gradeNews.sentence, `grade:${gradeNews.signal.rule}`);
  if (gradeNews && (to === 'good' || to === 'outstanding')) add('positive', gradeNews.sentence, `grade:${gradeNews.signal.rule}`);
  for (const { signal, sentence } of now) {
    if (signal.kind === 'concern') add('concern', sentence, `signal:${signal.rule}`);
    if (signal.kind === 'positive') add('positive', sentence, `signal:${signal.rule}`);
  }
  // An explicit upgrade and downgrade in one article contradict: the news is the downgrade.
  if (kinds.has('downgrade')) kinds.delete('upgrade');

  const ordered = SEVERITY.filter((kind) => kinds.has(kind));
  const primary = ordered[0] ?? 'mention';
  const shown = kinds.get(primary) ?? { evidence: entry.firstSentence, rule: 'named' };
  const alertable = primary === 'downgrade' || primary === 'urgent_action';
  const alsoKinds = ordered.slice(1).filter((kind) => !(alertable || primary === 'concern') || (kind !== 'positive' && kind !== 'upgrade'));
  // Grades are shown only where they are the news: the change, the inadequate rating, the good one.
  const graded =
    primary === 'downgrade' ||
    primary === 'upgrade' ||
    (primary === 'urgent_action' && to === 'inadequate') ||
    (primary === 'positive' && (to === 'good' || to === 'outstanding')) ||
    (primary === 'concern' && to === 'requires_improvement');
  return {
    council: entry.council,
    kind: primary,
    alsoKinds,
    from: graded ? (primary === 'downgrade' || primary === 'upgrade' ? (statedFrom ?? from) : from) : null,
    to: graded ? to : null,
    evidence: shown.evidence.text,
    rule: shown.rule,
    subject: isSubject,
  };
}
