/**
 * What the extractor hands between its steps: a candidate (a signal attributed to a
 * council, maybe dropped with a reason), a council's facts, and the events it makes.
 */
import type { Council } from '../domain/council.ts';
import type { Grade } from '../domain/grades.ts';
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

