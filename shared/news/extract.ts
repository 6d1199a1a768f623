/**
 * From an article to council events: which councils it names, which of them the
 * news is about, and what happened to each (downgrade, urgent action, upgrade,
 * concern, praise, or a plain mention), with the sentence that shows it, the rule
 * that made it, and every candidate dropped with the reason.
 *
 * Rules, in order:
 *  1. The article is read against its publication date (given, or its dateline):
 *     what happened more than about six weeks before it is history (timing.ts, when.ts).
 *  2. Councils are found by name (mentions.ts); a name read in passing (roles.ts) takes no news.
 *  3. The subject is the council named most prominently: headline, standfirst, early paragraphs, frequency.
 *  4. A signal (signals.ts) goes to its council (attribute.ts); with none in the sentence, to the
 *     council the article is talking about at that point (the last one named as news, at first the subject).
 *  5. A grade of a children's home, school, YOT or SEND partnership is another subject (subjects.ts);
 *     a single judgement's grade is never the overall one.
 *  6. Only signals told as news count; history gives the previous grade, never an event (decide.ts).
 * Pure, no I/O.
 */
import { findCouncilMentions } from './mentions.ts';
import { passingRole } from './roles.ts';
import { referenceYear, sentenceSignals, type Signal } from './signals.ts';
import { articleInstitution, articleOutsideChildrensServices, interventionElsewhere, isSingleJudgement, otherSubjectOf, tellsOfGradelessVisit } from './subjects.ts';
import { articleParagraphs, articleSentences, type ArticleText, type Sentence } from './text.ts';
import { markPlaces, ownersOf, takesTheTopic, type Marked } from './attribute.ts';
import type { Attributed, CouncilFacts, DroppedCandidate, ExtractedEvent } from './candidates.ts';
import { decideEvents } from './decide.ts';
import { withTimeDrop } from './history.ts';
import { timeAnchor, type TimeAnchor } from './when.ts';

export { NEWS_EVENT_KINDS, type NewsEventKind, type ExtractedEvent, type DroppedCandidate } from './candidates.ts';

/** Everything the extractor decided about one article. */
export interface NewsReading {
  /** The date it was read against, and where that came from. */
  anchor: TimeAnchor;
  events: ExtractedEvent[];
  /** Candidates that went to no council (a shared name, councils in general). */
  dropped: DroppedCandidate[];
}

const ROLE_WEIGHT: Record<Sentence['role'], number> = { headline: 6, standfirst: 4, subheading: 2, body: 1 };
const LESSER = new Set(['concern', 'positive']);

function mentionWeight(sentence: Sentence): number {
  const early = sentence.role === 'body' && sentence.paragraph <= 4 ? 1 : 0;
  return ROLE_WEIGHT[sentence.role] + early;
}

/** A sentence that goes on about a report just told as history: "The report stated that…". */
const BACK_REFERENCE = /^\W*(?:the|that|this|its|their|those)\s+(?:(?:original|previous|earlier|same|initial|first|january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?:report|reports|inspection|letter|visit|judgement|judgment|findings|verdict)\b/i;
const STRONG_HISTORY = (s: Signal) => s.time === 'past' && s.why.startsWith('history:') && !/^history:(?:relative-clause|remained|once|describes)/.test(s.why);

/** Events for every council the article names (ambiguous names give none). */
export function extractCouncilEvents(article: ArticleText): ExtractedEvent[] {
  return readNews(article).events;
}

/** The events and the reasons behind them: what `extract-news --explain` prints. */
export function readNews(article: ArticleText): NewsReading {
  const sentences = articleSentences(article);
  const anchor = timeAnchor(article.published, articleParagraphs(article.paragraphs));
  const context = { anchor: anchor.date, referenceYear: anchor.date ? Number(anchor.date.slice(0, 4)) : referenceYear(null, sentences.map((s) => s.text)) };
  const texts = sentences.map((s) => s.text);
  const institution = articleInstitution(sentences.filter((s) => s.role === 'headline' || s.role === 'standfirst').map((s) => s.text)) ?? articleOutsideChildrensServices(texts);
  const gradelessVisit = tellsOfGradelessVisit(texts);
  const facts = new Map<string, CouncilFacts>();
  let previousIsHistory = false;
  const read = sentences.map((sentence) => {
    const { mentions, ambiguous } = findCouncilMentions(sentence.text, { titleCase: sentence.titleCase });
    const named = mentions.map((mention) => ({ mention, role: passingRole(sentence.text, mention.start, mention.end) }));
    for (const { mention, role } of named) {
      const entry = facts.get(mention.council.urn) ?? { council: mention.council, score: 0, firstSentence: sentence, newsMentions: 0, signals: [] };
      if (!role) {
        entry.score += mentionWeight(sentence);
        entry.newsMentions += 1;
      }
      facts.set(mention.council.urn, entry);
    }
    // A name two councils share takes its sentence's news with it: nobody gets it.
    const unclear: Marked[] = ambiguous.map((a) => ({ mention: { council: null, text: a.text, start: a.start, end: a.end }, role: 'ambiguous' }));
    const marked = [...named, ...unclear].sort((a, b) => a.mention.start - b.mention.start);
    markPlaces(marked, sentence.text);
    let signals = sentenceSignals(sentence.text, context);
    if (previousIsHistory && BACK_REFERENCE.test(sentence.text)) {
      signals = signals.map((s) => (s.time === 'now' && s.why === 'news' ? { ...s, time: 'past' as const, why: 'history:continues-previous-sentence' } : s));
    }
    previousIsHistory = signals.some(STRONG_HISTORY);
    return { sentence, marked, signals };
  });
  const unattributed: Attributed[] = [];
  if (facts.size === 0) return { anchor, events: [], dropped: [] };

  const subject = subjectOf([...facts.values()]);
  const subjectUrn = subject?.council.urn ?? null;
  let topic: string | null = subjectUrn;
  for (const { sentence, marked, signals } of read) {
    const owners = new Set<string>();
    for (const signal of signals) {
      const { owners: urns, bystanders } = ownersOf(signal, marked, topic, sentence.text);
      const other = LESSER.has(signal.kind)
        ? null
        : (otherSubjectOf(sentence.text, signal.start, signal.end, institution) ??
          (signal.intervention ? interventionElsewhere(sentence.text, signal.end) : null) ??
          (signal.rule === 'told-to-improve' && gradelessVisit ? 'a visit that gives no grade' : null));
      const single = (signal.kind === 'grade' || signal.kind === 'upgrade' || signal.kind === 'downgrade') && isSingleJudgement(sentence.text, signal.start, signal.end);
      for (const urn of urns) {
        facts.get(urn)!.signals.push({ signal, sentence, single, ...(other ? { drop: { reason: 'other subject' as const, detail: `other-subject:${other}` } } : {}) });
        if (marked.some((m) => m.mention.council?.urn === urn)) owners.add(urn);
      }
      for (const m of bystanders) facts.get(m.mention.council!.urn)?.signals.push({ signal, sentence, drop: { reason: 'passing mention', detail: `passing:${m.role}` } });
      if (urns.length === 0 && bystanders.length === 0 && !LESSER.has(signal.kind)) {
        const shared = marked.some((m) => m.role === 'ambiguous');
        unattributed.push({ signal, sentence, drop: shared ? { reason: 'ambiguous name', detail: 'ambiguous-name' } : { reason: 'general', detail: 'no-council' } });
      }
    }
    const news = marked.filter((m) => !m.role && m.mention.council);
    const next = news.find((m) => owners.has(m.mention.council!.urn)) ?? news.find((m) => takesTheTopic(m, sentence.text, subjectUrn, owners));
    if (next?.mention.council) topic = next.mention.council.urn;
  }

  const dateKnown = anchor.date !== null;
  const events = [...facts.values()].flatMap((entry) => decideEvents(entry, entry === subject, dateKnown));
  const dropped = unattributed.map(withTimeDrop).map((a) => ({ signal: a.signal.rule, kind: a.signal.kind, reason: a.drop!.reason, detail: a.drop!.detail, sentence: a.sentence.text }));
  return { anchor, events, dropped };
}

/** The council the article is about: the highest score, named as news at least once. */
function subjectOf(all: CouncilFacts[]): CouncilFacts | undefined {
  return all
    .filter((f) => f.newsMentions > 0)
    .sort((a, b) => b.score - a.score || a.firstSentence.index - b.firstSentence.index)[0];
}
