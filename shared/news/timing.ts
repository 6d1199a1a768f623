/**
 * Whether a sentence tells a signal as news of now, as history quoted for context,
 * or not at all (negated, hypothetical, about councils in general), and why. Pure:
 * every rule is a named pattern, and the answer names the one that decided.
 *
 * Order: negation and hedges; explicit history ("previous", "original", "began …
 * in", "since", "a month after …"); then the dates around it, read against the
 * article's publication date (more than NEWS_WINDOW_DAYS before it is history);
 * without a date, the tenses and years in the text.
 */
import { datesIn, daysBeforeAnchor, LOOKS_FORWARD, NEWS_WINDOW_DAYS, type DateMention } from './when.ts';

export type Told = 'now' | 'past' | 'not';

export interface Timing {
  time: Told;
  /** The latest year the clause names, when it names one. */
  year: number | null;
  /** The rule that decided, e.g. "history:previous", "history:dated", "negation", "news:dated". */
  why: string;
  /** How many days before publication the deciding date ended, when one no coarser than a month decided. */
  daysBefore: number | null;
}

export interface SignalContext {
  /** The article's publication date (YYYY-MM-DD), when known. */
  anchor: string | null;
  /** Without an anchor: the latest year the article names; years before it are history. */
  referenceYear: number | null;
}

/** Days an inspection may lie before the report on it is published: fieldwork dates are older than the news. */
const INSPECTION_WINDOW_DAYS = 90;

/** Where a clause starts or ends inside a sentence. */
const CLAUSE_BREAK = /[;:()]|\s-\s|,\s*(?=(?:has|have|had|is|are|was|were|will|now)\s)|,\s*(?=(?:which|who|whose|when|where|while|whilst|whereas|but|although|though|after|before|since|as|having|and|with|yet|however|despite)\b)|\b(?=(?:when|whereas|but|although|though|having)\b)/gi;

export function clauseAround(text: string, start: number, end: number): { start: number; end: number } {
  let clauseStart = 0;
  let clauseEnd = text.length;
  for (const match of text.matchAll(CLAUSE_BREAK)) {
    const at = match.index;
    if (at + match[0].length <= start) clauseStart = at + match[0].length;
    else if (at >= end) {
      clauseEnd = at;
      break;
    }
  }
  return { start: clauseStart, end: clauseEnd };
}

type Named = [name: string, re: RegExp];

/** Words that put a clause in the past, whatever else it says. */
const HISTORY: Named[] = [
  ['previous', /\bprevious(?:ly)?\b/i],
  ['original', /\boriginal(?:ly)?\b/i],
  ['formerly', /\bformerly\b/i],
  // "has been under an improvement notice": a standing state, not news of one.
  ['under-intervention', /\b(?:under|subject to|remains? under|still under|working under) (?:an? |the |its |their )?(?:improvement notice|statutory direction|direction|government intervention|intervention|commissioner)\b/i],
  ['since-then', /\b(?:has|have|had) since\b|\bsince then\b/i],
  ['when-it-was', /\bwhen (?:it|they|the council|the authority|services?) (?:was|were|had)\b/i],
  ['last-inspection', /\blast (?:(?:ofsted|full|graded|standard|ilacs)\s+)?(?:inspection|inspected|graded|rated|judged|time|visit)\b/i],
  ['at-the-time', /\bat (?:the|that) time\b/i],
  ['in-the-past', /\bin the past\b/i],
  ['historic', /\bhistoric(?:al|ally)?\b/i],
  ['back-in', /\bback in\b/i],
  ['prior-to', /\bprior to\b/i],
  ['until', /\buntil\b/i],
  ['between-years', /\bbetween \d{4}\b/i],
  ['that-year', /\b(?:later |earlier )?that year\b|\bthe (?:following|previous) year\b/i],
  ['first-rated', /\bfirst (?:rated|judged|graded)\b/i],
  ['having-been', /\bhaving (?:been|had|received)\b/i],
];
/** Words that put what follows them, up to a comma, in the past ("comes a month after … was branded inadequate"). */
const HISTORY_BEFORE: Named[] = [
  // "progress since Ofsted rated its services inadequate".
  ['since-clause', /\bsince\b/i],
  ['began-in', /\b(?:began|begun|started|commenced)\b[^,;]*$/i],
  ['after-being', /\b(?:after (?:being|it was|they were|the council was|services were|having)|before (?:being|it was|they were))\b/i],
  ['time-after', /\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|some|\d+) )?(?:years?|months?|weeks?|days?) (?:after|before|since)\b/i],
  ['cause-before', /\b(?:following|after)(?: (?:a|an|the|its|their|this|last|recent|latest))?\s*$/i],
];
/** "Plans outlined following Suffolk children's services downgrade": an event named as a noun after "following" is the cause, told before. */
const CAUSE_NOUN_BEFORE = /\b(?:following|after)(?: (?:a|an|the|its|their|this|last|recent|latest))?(?: (?:[A-Z][\w'-]*|council'?s?|children'?s|services|social|care|county|city|borough|ofsted|['"]\w+(?: \w+){0,3}['"]))*\s*$/i;
const EVENT_NOUN = /^(?:downgrade|upgrade|['"]?\w+(?: \w+){0,3}['"]? (?:rating|judgement|judgment|grade|verdict)|improvement notice|statutory direction)\b/i;

/** Openings that put a whole sentence in the past: "Three years later, …", "At the time, …". */
const OPENING_HISTORY = /^\W*(?:(?:\w+|a few|several) (?:years?|months?) later|later that year|the following year|the year before|subsequently|previously|at the time|back then|by then|before that|in the years since)\b/i;

/** A clause right after that dates it to an earlier inspection ("rated good when it was last inspected"). */
const HISTORY_AFTER = /^[^.;]{0,40}?\b(?:when (?:it|they|the council|services) (?:was|were) (?:last|previously|first)|at (?:its|their|the) (?:last|previous|prior) (?:inspection|full inspection|visit))\b/i;
/** Words that put a clause in the past unless a recent date says it is news ("which was rated inadequate this week"). */
const WEAK_HISTORY: Named[] = [
  ['relative-clause', /\b(?:which|who|whose \w+(?: \w+)?) (?:was|were|had been|has been|have been|had|remains?|is still|is)\b/i],
  ['earlier', /\bearlier\b/i],
  ['remained', /\bremained\b/i],
  ['once', /\bonce\b/i],
  ['before-that', /\bbefore (?:that|then|being)\b/i],
  ['later', /\b(?:later|subsequently)\b/i],
  ['when-clause', /^\W*when\b/i],
  ['ago', /\bago\b/i],
];
/** "has been rated", "have been issued": told as just happened. */
const PRESENT_PERFECT = /\b(?:has|have) (?:now |just |today |this week )?been\b|\b(?:has|have) (?:now |just )?(?:issued|appointed|rated|judged|downgraded|found|told|named|given)\b/i;

/** Past perfect is context, except in reported speech ("Ofsted said it had notified the DfE"). */
const PAST_PERFECT = /\bhad (?:been |previously |already |once )?(?:rated|judged|graded|branded|downgraded|upgraded|issued|given|received|found|named|notified|appointed|served|placed|put|improved|declined|deteriorated|risen|fallen|dropped|moved)\b/i;
const REPORTED_SPEECH = /\b(?:said|says|found|find|wrote|writes|added|noted|reported|warned|confirmed|told|explained|concluded|stated|revealed|highlighted|showed|shows|identified|judged) (?:that )?(?:\w+ ){0,4}had\b/i;
/** Words that make a clause news even when it names a year. */
const NOW_MARKERS = /\b(?:today|this week|(?<!earlier )this month|(?<!earlier )this year|latest|newly published|published (?:on )?(?:today|this|on|yesterday)|yesterday|now been|has now|have now)\b/i;

/** Negated: read against the last few words before the signal. */
const NEGATION = /\b(?:no|not|never|without|none|nor|neither|any|short of|rather than|instead of|spared(?: from)?|avoid(?:ed|s)?|escap(?:ed|es)|lift(?:ed|s|ing)?|remov(?:ed|es|ing)|revok(?:ed|es|ing)|withdr[ae]w(?:n|s|ing)?|end(?:ed|s|ing)?|rescind(?:ed|s)?|exit(?:ed|s)?|out of|free of|released from)\b|n't\b/i;
/** "has not been issued with an improvement notice", "did not identify any areas for": a negated verb chain up to the signal. */
const NOT_CHAIN = /\b(?:not|never|n't|no longer)\s+(?:(?:been|be|being|yet|identify|identified|find|found|issue|issued|issued with|given|served|served with|placed|put|judge|judged|rate|rated|receive|received|face|faced|need|needed|require|required|with|under|into|an?|the|any|its|their)\s+){0,5}$/i;
/** "found no evidence of widespread or systemic failings". */
const NO_SIGN_OF = /\b(?:no|not any|nor any|without any|little) (?:evidence|sign|signs|indication|suggestion|finding|findings) (?:\w+ )?of\b[^,;.]*$/i;

/** Hypothetical or called for: read against the clause before the signal. */
const HYPOTHETICAL = /\b(?:could|may|might|would|if|unless|achieve|aim(?:s|ing)? (?:to|for)|eyes|eyeing|sets? (?:its |their )?sights on|goal|ambition|target(?:ing)?|aspir\w*|want(?:s|ed)? to|hop(?:e|es|ed|ing) (?:to|for)|bid (?:to|for)|strive|on track (?:to|for)|calls? for|called for|calling for|urg(?:e|es|ed|ing)|should|threat(?:en(?:ed|s)?)?|fears?|feared|possible|potential|whether|risk(?:s|ed)? (?:of )?(?:being|an?)|faces? (?:a |the )?(?:possible|prospect))\b/i;
/** Reported future, decided: "the DfE said it would issue an improvement notice". */
const DECIDED = /\b(?:said|says|announced|confirmed|told \w+|has decided|decided)\s+(?:that\s+)?(?:it|they|he|she|ministers|the (?:department|government|council|dfe))\s+would\s+(?:\w+\s+){0,3}$/i;

/** About councils in general or in aggregate. */
const COUNT = `(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\w+teen|twenty|thirty|forty|fifty|dozens?|several|many|most|some)`;
/** "The seven judged inadequate are: …", "10 local authorities were judged good": a count of councils. */
const COUNTED = new RegExp(`(?:^|\\b(?:the|of|and|while|with|but)\\s+)(?:(?:remaining|other|last|first|latest|further)\\s+)?${COUNT}(?:\\s+(?:local\\s+)?(?:councils|authorities|las|areas|of them))?(?:\\s+(?:were|are|have been|had been|was))?\\s*$`, 'i');
/** "Councils rated inadequate this year include Thurrock and Croydon": examples of a set, not news of each. */
const EXAMPLES_AFTER = /^[^.;:]{0,40}?\b(?:include|included|includes|including|such as|among them|are among|were among)\b/i;
/** "more than three-quarters of local authorities … have been rated": a share of councils anywhere before the grade in its clause. */
const SHARE_OF_COUNCILS = /\b(?:(?:a|one|two|three|four) (?:quarters?|thirds?|fifths?)|three-quarters|two-thirds|half|most|majority|minority|proportion|share|number|per ?cent|%) of (?:all |the )?(?:\w+ )?(?:councils|authorities|local authorities|las)\b/i;
const GENERAL = /\b(?:at|in|for|to|among|across|all|many|most|some)\s+(?:councils|authorities|local authorities|las)\s*$|\bother (?:local )?(?:authorities|councils|areas|las)\b|\bas (?:the )?(?:councils|authorities|local authorities|las)\s*$|\b(?:councils|authorities|las|areas) (?:that|which|who|whose|rated|judged|graded|are|were)\b|\b(?:number|proportion|share|half|third|quarter|most|many|some|none) of (?:the )?(?:councils|authorities|las|local authorities)\b|\b(?:one in|per cent|percent|nationally|across england|national average)\b|\b(?:a|one|two|three) (?:quarters?|thirds?|fifths?)\b|\bthree-quarters\b|%/i;
const NOT_AFTER = /^(?:[^,;.]{0,40})\b(?:lifted|removed|revoked|withdrawn|ended|rescinded|dropped|came off|come off|taken off|no longer|be lifted)\b/i;

/** A dated aside set off by commas after a name describes where it stood ("Surrey council, rated inadequate in 2018, was praised…"). */
function datedAside(sentence: string, before: string, end: number): boolean {
  if (!/[\p{L}'’],\s*$/u.test(before)) return false;
  const aside = /^([^,;.]{0,40}),\s*\S/.exec(sentence.slice(end));
  return aside !== null && /\b(?:in|since|from) (?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?(?:19|20)\d\d\b/i.test(aside[1]!);
}

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ');
}

const first = (rules: Named[], text: string) => rules.find(([, re]) => re.test(text))?.[0];

/** A date opening the sentence dates all of it: "In August, Suffolk County Council saw its rating downgraded". */
function openingDate(sentence: string, dates: readonly DateMention[]): DateMention | undefined {
  const firstComma = sentence.search(/,|\s-\s/);
  return dates.find((d) => d.start <= 30 && (firstComma < 0 || d.end <= firstComma + 1) && /^\W*(?:(?:in|by|during|from|after|throughout|on|at the (?:end|start) of|back in|as early as)\s+)?(?:the\s+)?$/i.test(sentence.slice(0, d.start)));
}

/** Fieldwork dates ("an inspection in March") lie weeks before the report that is the news. */
function isInspectionDate(sentence: string, date: DateMention): boolean {
  return /\b(?:inspect\w*|visit(?:s|ed)?|fieldwork)\b(?:\s+(?!(?:was|were|published|report)\b)\S+){0,4}\s*$/i.test(sentence.slice(Math.max(0, date.start - 60), date.start));
}

/**
 * The part of the clause a date must stand in to date the signal: between the commas
 * around it ("Doncaster Children's Services Trust, set up in 2014, is … as Ofsted
 * downgraded services" does not date the downgrade 2014), or a segment that is only a date.
 */
function dateReach(sentence: string, clause: { start: number; end: number }, start: number, end: number): { start: number; end: number } {
  // A comma before a capitalised word continues a list or an opening ("in Sunderland, Norfolk and Sandwell over the past year").
  const commas = [...sentence.slice(0, clause.end).matchAll(/,(?!\s*[A-Z])/g)].map((m) => m.index).filter((at) => at >= clause.start);
  let from = Math.max(clause.start, ...commas.filter((at) => at < start).map((at) => at + 1));
  let to = commas.find((at) => at >= end) ?? clause.end;
  const dateOnly = /^\s*(?:(?:in|on|back in|last|earlier|as early as)\s+)?(?:(?:early|late|mid)[ -])?(?:(?:\d{1,2}(?:st|nd|rd|th)? )?[A-Z][a-z]+ )?(?:(?:19|20)\d\d|this year|last year)\s*$/;
  const nextComma = sentence.indexOf(',', to + 1);
  if (dateOnly.test(sentence.slice(to + 1, nextComma < 0 ? clause.end : Math.min(nextComma, clause.end)))) to = nextComma < 0 ? clause.end : Math.min(nextComma, clause.end);
  const previousComma = sentence.lastIndexOf(',', from - 2);
  // "the last inspection, published in March 2010, rated it good": the aside dates the verb that follows it.
  const predicate = /^\s*(?:(?:was|were|had been|has been)\s+)?[a-z]+ed\b/.test(sentence.slice(from, start));
  if (from > clause.start && (predicate || dateOnly.test(sentence.slice(Math.max(previousComma + 1, clause.start), from - 1)))) from = Math.max(previousComma + 1, clause.start);
  return { start: from, end: to };
}

/** After an opening phrase, words that tell the main clause as news of now. */
const NOW_AFTER_OPENING = /\b(?:now|today|this week|(?:has|have) (?:now |just )?been)\b/i;

/** A grade the news is compared with: "judged inadequate, down from requires improvement at its previous inspection". */
const COMPARED_FROM = /\b(?:down|up|a (?:drop|fall|rise)|falling|rising|dropping|moving|improv\w*|compared) from\b|\bfrom (?:an? |its |their |the )?['"]?(?:outstanding|good|requires? improvement|inadequate|adequate)\b|\bthan\b/i;

/**
 * The words whose history markers date the signal: its clause, except what follows a grade it is
 * compared with ("previous" there describes the earlier grade, not this one).
 */
function historyText(sentence: string, clause: Span, start: number, end: number): string {
  // "Previously rated good, Walsall's services have now been rated inadequate": an opening phrase with its own time.
  const lead = sentence.slice(clause.start, start);
  const comma = lead.lastIndexOf(',');
  if (comma >= 0 && NOW_AFTER_OPENING.test(lead.slice(comma + 1))) clause = { start: clause.start + comma + 1, end: clause.end };
  const signal = sentence.slice(start, end);
  // "The commissioner appointed in Dudley this week previously worked at Walsall": what follows a marker of now is another predicate's.
  const rest = sentence.slice(end, clause.end);
  const marker = rest.search(NOW_MARKERS);
  const after = marker < 0 ? rest : rest.slice(0, marker);
  if (/\bfrom\b/i.test(signal)) return sentence.slice(clause.start, end);
  const cut = after.search(COMPARED_FROM);
  return sentence.slice(clause.start, end + (cut < 0 ? after.length : cut));
}

interface Span {
  start: number;
  end: number;
}

/** What the dates near the signal say: history, news, or nothing. A date with another event between it and the signal is that event's. */
function byDate(sentence: string, signal: Span, reach: Span, context: SignalContext, others: readonly Span[], dates: readonly DateMention[]): Timing | null {
  const opening = openingDate(sentence, dates);
  const between = (d: DateMention) => others.some((o) => (o.start >= signal.end && o.end <= d.start) || (o.end <= signal.start && o.start >= d.end));
  // "rated inadequate for the first time since 2015": a date after "since" starts a span up to now, it does not date the event.
  const sinceAfter = (d: DateMention) => d.start >= signal.end && /\bsince(?:\s+(?:the|its|their|early|late|mid))?\s*$/i.test(sentence.slice(Math.max(0, d.start - 20), d.start));
  const near = dates.filter((d) => (d.start >= reach.start && d.end <= reach.end && !between(d) && !sinceAfter(d)) || d === opening);
  const years = near.filter((d) => d.reading === 'absolute' || context.anchor).flatMap((d) => [Number(d.from.slice(0, 4)), Number(d.to.slice(0, 4))]);
  const year = years.length ? Math.max(...years) : null;
  const aged = near
    .map((d) => ({ d, days: daysBeforeAnchor(d, context.anchor), limit: isInspectionDate(sentence, d) ? INSPECTION_WINDOW_DAYS : NEWS_WINDOW_DAYS }))
    .filter((a): a is { d: DateMention; days: number; limit: number } => a.days !== null);
  if (aged.length === 0) {
    // No publication date: a month with no year ("in October") cannot be placed; told in the past tense it is read as history.
    // "on 3 March" names a day, as news does; "in March" only a month.
    const month = near.find((d) => d.reading === 'calendar' && d.from !== d.to && !LOOKS_FORWARD.test(sentence.slice(0, d.start)));
    if (month && !context.anchor) return { time: 'past', year, why: `calendar:${month.text.trim()}`, daysBefore: null };
    return year === null ? null : { time: 'now', year, why: 'undated', daysBefore: null };
  }
  const latest = aged.reduce((a, b) => (b.days < a.days ? b : a));
  const label = `${latest.d.text.trim()} = ${latest.d.from === latest.d.to ? latest.d.from : `${latest.d.from}..${latest.d.to}`}`;
  const wholeYear = latest.d.from.endsWith('-01-01') && latest.d.to.endsWith('-12-31') && latest.d.from.slice(0, 4) === latest.d.to.slice(0, 4);
  const date = wholeYear || latest.d.period ? null : latest.days;
  if (latest.d.period && latest.d.to >= latest.d.from && daysBeforeAnchor({ ...latest.d, to: latest.d.from }, context.anchor)! > NEWS_WINDOW_DAYS) return { time: 'past', year, why: `history:period (${label})`, daysBefore: date };
  if (latest.d.earlier && latest.days >= 0 && daysBeforeAnchor({ ...latest.d, to: latest.d.from }, context.anchor)! > NEWS_WINDOW_DAYS) return { time: 'past', year, why: `history:earlier (${label})`, daysBefore: date };
  // A bare year before the publication year is history: a journalist writing of last month says so.
  if (wholeYear && context.anchor && latest.d.to < context.anchor.slice(0, 4)) return { time: 'past', year, why: `history:dated (${label}, before ${context.anchor.slice(0, 4)})`, daysBefore: date };
  if (latest.days > latest.limit) return { time: 'past', year, why: `history:dated (${label}, ${Math.round(latest.days)} days before publication)`, daysBefore: date };
  return { time: 'now', year, why: `news:dated (${label})`, daysBefore: date };
}

/** How a sentence tells the signal at [start, end): now, past (context), or not at all, with the rule that decided. */
export function timeOf(
  sentence: string,
  start: number,
  end: number,
  context: SignalContext,
  others: readonly Span[] = [],
  dates: readonly DateMention[] = datesIn(sentence, context.anchor),
): Timing {
  const clause = clauseAround(sentence, start, end);
  const text = sentence.slice(clause.start, clause.end);
  const before = sentence.slice(clause.start, start);
  const after = sentence.slice(end, clause.end);
  const dated = byDate(sentence, { start, end }, dateReach(sentence, clause, start, end), context, others, dates);
  const year = dated?.year ?? null;
  const told = (time: Told, why: string): Timing => ({ time, year, why, daysBefore: dated?.daysBefore ?? null });

  if (NEGATION.test(lastWords(before, 4)) || NOT_CHAIN.test(`${lastWords(before, 7)} `) || NO_SIGN_OF.test(before) || NOT_AFTER.test(after)) return told('not', 'negation');
  if (HYPOTHETICAL.test(lastWords(before, 10)) && !DECIDED.test(before)) return told('not', 'hypothetical');
  if (GENERAL.test(lastWords(before, 10)) || SHARE_OF_COUNCILS.test(before) || EXAMPLES_AFTER.test(after) || COUNTED.test(before.slice(before.lastIndexOf(',') + 1))) return told('not', 'general');
  const lead = before.slice(before.lastIndexOf(',') + 1);
  const leading = HISTORY_BEFORE.find(([name, re]) => re.test(lead) && (name !== 'began-in' || /\b(?:in|on|at|since)\b/.test(after.slice(0, 40))))?.[0];
  const causeNoun = CAUSE_NOUN_BEFORE.test(lead) && EVENT_NOUN.test(sentence.slice(start, end)) ? 'cause-before' : undefined;
  const firstComma = sentence.indexOf(',');
  const ownTime = firstComma >= 0 && firstComma < start && NOW_AFTER_OPENING.test(sentence.slice(firstComma + 1, start));
  const opening = OPENING_HISTORY.test(sentence) && !ownTime ? 'sentence-opening' : undefined;
  const history = first(HISTORY, historyText(sentence, clause, start, end)) ?? opening ?? leading ?? causeNoun ?? (datedAside(sentence, before, end) ? 'dated-aside' : undefined) ?? (HISTORY_AFTER.test(sentence.slice(end)) ? 'when-last-inspected' : undefined);
  if (history) return told('past', `history:${history}`);
  if (dated && dated.why !== 'undated' && !dated.why.startsWith('calendar:')) return dated;
  if (NOW_MARKERS.test(text)) return told('now', 'news:marker');
  // A month named without a year lies within the year before the article, whenever that was.
  if (dated?.why.startsWith('calendar:') && !PRESENT_PERFECT.test(text)) return { ...told('past', `history:calendar-without-date (${dated.why.slice(9)})`), daysBefore: 365 };
  if (year !== null && context.anchor === null && context.referenceYear !== null && year < context.referenceYear) return told('past', `history:year (${year}, before ${context.referenceYear})`);
  if (PAST_PERFECT.test(text) && !REPORTED_SPEECH.test(sentence.slice(0, end))) return told('past', 'history:past-perfect');
  const weak = first(WEAK_HISTORY, text);
  if (weak) return told('past', `history:${weak}`);
  return told('now', 'news');
}
