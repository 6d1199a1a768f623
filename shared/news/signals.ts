/**
 * What one sentence says happened: grades given, grade changes, urgent action,
 * concern or praise, each with where it stands in the sentence and whether the
 * sentence tells it as news of now or as history quoted for context. Pure and
 * rules-based: every rule is a small, named pattern.
 */
import type { Grade } from '../domain/grades.ts';

export type SignalKind = 'grade' | 'downgrade' | 'upgrade' | 'urgent_action' | 'concern' | 'positive';

export interface Signal {
  kind: SignalKind;
  /** For grade: the grade given. For a change: the grade it went to, when stated. */
  to: Grade | null;
  /** For a change: the grade it went from, when stated. */
  from: Grade | null;
  /** Offset of the words that show it in the sentence. */
  start: number;
  end: number;
  /** 'now' = news; 'past' = history quoted for context; 'not' = negated, hypothetical or about others. */
  time: 'now' | 'past' | 'not';
  /** The year the clause puts it in, when it names one. */
  year: number | null;
  /** The name of the rule that found it (for explaining and testing). */
  rule: string;
}

export interface SignalContext {
  /** The year the article was published, or the latest year it names; years before it are history. */
  referenceYear: number | null;
}

/** Quotes and apostrophes folded to ASCII, same length, so offsets stay valid. */
export function foldQuotes(text: string): string {
  return text.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"').replace(/[‐‑–—]/g, '-');
}

const Q = `['"]?`;
/** A grade as written. Groups are read by gradeOf. */
const GRADE = `(outstanding|good|requires? improvement(?: to be good)?|required improvement(?: to be good)?|requiring improvement|inadequate|adequate)`;

export function gradeOf(words: string): Grade | null {
  const w = words.toLowerCase();
  if (w.startsWith('outstanding')) return 'outstanding';
  if (w.startsWith('good')) return 'good';
  if (w.startsWith('requir')) return 'requires_improvement';
  if (w.startsWith('inadequate')) return 'inadequate';
  if (w.startsWith('adequate')) return 'adequate';
  return null;
}

interface Rule {
  name: string;
  kind: SignalKind;
  re: RegExp;
  /** Group numbers holding the from and to grades. */
  from?: number;
  to?: number;
}

const RATED = `(?:rated|re-?rated|judged|graded|branded|deemed|declared|labelled|classed|assessed as|found to be|considered|ranked|given an?|received an?|awarded an?|handed an?|achieved an?|earned an?|gained an?|secured an?|retained (?:its|their) ?|kept (?:its|their) ?|now)`;
const CHANGE_UP = `(?:upgraded|improved|moved up|rose|risen|climbed|lifted|jumped|went up)`;
const CHANGE_DOWN = `(?:downgraded|fell|fallen|dropped|slipped|slumped|declined|plunged|plummeted|sank|went down|demoted)`;
const CHANGE_ANY = `(?:${CHANGE_UP}|${CHANGE_DOWN}|moved|went|gone|changed|shifted|progressed|journeyed|travelled|transformed|transform|turned|leapt|leaped|move|jump|fall|drop|rise|slide|improvement|change|journey|turnaround|leap)`;

/** Order matters only for reading; every rule is applied. */
const RULES: Rule[] = [
  // Grade changes with both ends: "from 'good' to 'requires improvement'".
  { name: 'change-from-to', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_ANY}\\b[^.;]{0,60}?\\bfrom (?:an? |being |its |their )?${Q}${GRADE}${Q}(?: rating| judgement| grade)? (?:to|into) (?:an? |being )?${Q}${GRADE}${Q}`, 'gi'), from: 1, to: 2 },
  { name: 'change-to', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_DOWN}\\b(?: \\w+){0,3}? (?:to|into) (?:an? )?${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'change-up-to', kind: 'upgrade', re: new RegExp(`\\b${CHANGE_UP}\\b(?: \\w+){0,3}? (?:to|into) (?:an? )?${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  // "rated requires improvement, down from 'good'".
  { name: 'down-from', kind: 'downgrade', re: new RegExp(`\\b(?:down|a drop|a fall|falling|dropping) from (?:an? |its |their )?${Q}${GRADE}${Q}`, 'gi'), from: 1 },
  { name: 'up-from', kind: 'upgrade', re: new RegExp(`\\b(?:up|a rise|a move|rising|moving) from (?:an? |its |their )?${Q}${GRADE}${Q}`, 'gi'), from: 1 },
  { name: 'downgraded', kind: 'downgrade', re: /\bdowngrad(?:ed|ing|e)\b/gi },
  { name: 'upgraded', kind: 'upgrade', re: /\bupgrad(?:ed|ing|e)\b/gi },
  { name: 'lost-grade', kind: 'downgrade', re: new RegExp(`\\blos(?:t|es|ing) (?:its|their) ${Q}${GRADE}${Q}`, 'gi'), from: 1 },
  // A grade given: "rated inadequate", "branded 'inadequate'", "an 'inadequate' rating".
  { name: 'rated', kind: 'grade', re: new RegExp(`\\b${RATED}(?: as)?(?: being)?(?: overall)?(?: to be| to)? ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  // "Ofsted rates Slough's children's services inadequate": verb, what is rated, grade.
  { name: 'rates-object', kind: 'grade', re: new RegExp(`\\b(?:rates|rated|judges|judged|grades|graded|brands|branded|deems|deemed|finds|found) (?:the |its |their )?(?:[A-Z][\\w'’-]*\\s+|council[’']?s?\\s+|local\\s+|authority[’']?s?\\s+|department\\s+|children[’']?s?\\s+|social\\s+|care\\s+|services\\s+|and\\s+|of\\s+){1,6}(?:as |to be )?${Q}${GRADE}${Q}`, 'g'), to: 1 },
  // "with overall effectiveness as inadequate", "overall effectiveness was judged good".
  { name: 'overall-effectiveness', kind: 'grade', re: new RegExp(`\\boverall effectiveness(?: (?:as|was|is|were|being|of|judged|rated|graded|now))*:? ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'judgement-of', kind: 'grade', re: new RegExp(`\\b(?:judgement|judgment|rating|grade|verdict) of ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'grade-rating', kind: 'grade', re: new RegExp(`${Q}\\b${GRADE}${Q} (?:rating|judgement|grade|verdict|overall|in all areas|across the board)`, 'gi'), to: 1 },
  { name: 'services-are', kind: 'grade', re: new RegExp(`\\bservices (?:\\w+ ){0,4}(?:are|is|were|was|remain|remains) (?:now |still |judged |rated )?${Q}(outstanding|inadequate|requires? improvement(?: to be good)?|good)${Q}(?=[\\s,.;]|$)`, 'gi'), to: 1 },
  { name: 'quoted-grade', kind: 'grade', re: new RegExp(`['"]${GRADE}['"]`, 'gi'), to: 1 },
  // Urgent action.
  { name: 'urgent-action', kind: 'urgent_action', re: /\burgent (?:action|actions|improvements?|changes?|steps)\b/gi },
  { name: 'priority-action', kind: 'urgent_action', re: /\b(?:areas? (?:for|of|requiring) )?priority actions?\b/gi },
  { name: 'dfe-notified', kind: 'urgent_action', re: /\bnotif(?:ied|y|ies|ying) the (?:Department for Education|DfE|Education Secretary|Secretary of State)\b|\b(?:Department for Education|DfE) (?:has|had|have|was|were) (?:been )?notified\b/gi },
  { name: 'send-systemic-failings', kind: 'urgent_action', re: /\bwidespread and(?:\/or)? systemic failings\b|\bsystemic failings\b/gi },
  { name: 'improvement-notice', kind: 'urgent_action', re: /\bimprovement notices?\b/gi },
  { name: 'statutory-direction', kind: 'urgent_action', re: /\bstatutory (?:direction|directions|intervention)\b|\bdirection (?:notice|issued)\b/gi },
  { name: 'commissioner', kind: 'urgent_action', re: /\b(?:(?:appoint(?:ed|s|ing)?|sen[dt](?: in)?|install(?:ed|s)?|impos(?:ed|es)|parachuted in|brought in|nam(?:ed|es))(?: \w+){0,3} (?:an? |the )?(?:(?:children'?s? services|DfE|government|independent|education) )?commissioner|commissioner (?:has been |was |had been |is being |will be )?(?:appointed|sent in|installed|brought in|put in charge|named))\b/gi },
  { name: 'intervention', kind: 'urgent_action', re: /\b(?:government|ministers?|Department for Education|DfE|Education Secretary)\b(?: \w+){0,3} (?:has |have |had )?(?:intervened|stepped in|taken control|taken over)\b|\b(?:placed|put) (?:under|into) (?:government |statutory |special )?(?:intervention|measures)\b|\bstripped of (?:its |their )?(?:control|powers)\b|\btrust (?:will|to|has been set up to) (?:take over|run)\b/gi },
  // Concern and praise: lesser signals, never alerted by default.
  { name: 'concern', kind: 'concern', re: /\b(?:deteriorat\w*|declin\w*|failings?|failures?|failed|weakness\w*|serious concerns?|concerns?|critici[sz]\w*|critical|damning|scathing|poor|worrying|not good enough|too many|too long|delays?|at risk|risk of (?:significant )?harm|unsafe|shortcomings|warn(?:s|ed|ing)?|letdown|let down|struggl\w*|slammed)\b/gi },
  { name: 'positive', kind: 'positive', re: /\b(?:prais\w*|commend\w*|strong|strengths?|excellent|impressive|improv(?:ed|ing|ements? made)|good progress|progress|high[- ]quality|positive|effective|celebrat\w*|welcomed|creditable|resilient|well-led|exemplary)\b/gi },
];

/** Where a clause starts or ends inside a sentence. */
const CLAUSE_BREAK = /[;:()]|\s-\s|,\s*(?=(?:which|who|whose|when|where|while|whilst|whereas|but|although|though|after|before|since|as|having|and|with|yet|however|despite)\b)|\b(?=(?:when|whereas|but|although|though|having)\b)/gi;

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

/** Words that put a clause in the past: history quoted for context, whatever else it says. */
const PAST_MARKERS = [
  /\bprevious(?:ly)?\b/i, /\bformerly\b/i, /\bsince (?:its|the|their|it|they|then|last|being|a|an|that|this|(?:19|20)\d\d)\b/i, /\bwhen (?:it|they|the council|the authority|services?) (?:was|were|had)\b/i,
  /\blast (?:inspection|inspected|full inspection|graded|rated|judged|time|ilacs|visit)\b/i,
  /\bat (?:the|that) time\b/i, /\blast (?:year|summer|spring|autumn|winter)\b/i, /\bin the past\b/i, /\bhistoric(?:al|ally)?\b/i, /\bago\b/i, /\bback in\b/i, /\bprior to\b/i,
  /\buntil\b/i, /\bbetween \d{4}\b/i, /\b(?:later |earlier )?that year\b/i, /\bthe (?:following|previous) year\b/i, /\bfirst (?:rated|judged|graded)\b/i, /\bhaving (?:been|had|received)\b/i,
];
/** Words that put what follows them in the past ("two years after being rated inadequate"). */
const PAST_BEFORE_MARKERS = /\b(?:after (?:being|it was|they were|the council was|services were|having)|(?:years?|months?|weeks?) (?:after|before|since)|before (?:being|it was|they were))\b/i;
/** A dated aside set off by commas after a name describes where it stood ("Surrey council, rated inadequate in 2018, was praised…"). */
function datedAside(sentence: string, before: string, end: number): boolean {
  if (!/[\p{L}'’],\s*$/u.test(before)) return false;
  const aside = /^([^,;.]{0,40}),\s*\S/.exec(sentence.slice(end));
  return aside !== null && /\b(?:in|since|from) (?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?(?:19|20)\d\d\b/i.test(aside[1]!);
}

/** The signal is the cause of what the clause tells, so it came first ("following statutory direction from the DfE, the council agreed…"). */
const CAUSE_BEFORE = /\b(?:following|after)(?: (?:a|an|the|its|their))?\s*$/i;
/** A quoted grade standing before a name or "councils" describes where things stand, not news ("at 'inadequate' Surrey, Newham…"). */
const ATTRIBUTIVE_AFTER = /^\s+(?:(?!(?:Ofsted|By|In|For|At|And|After|Following|Rating|Judgement|Judgment|Grade|Verdict)\b)[A-Z][a-z]|(?:councils|authorities|local authorities|areas)\b)/;
/** A clause right after that dates it to an earlier inspection ("rated good when it was last inspected"). */
const PAST_AFTER = /^[^.;]{0,40}?\b(?:when (?:it|they|the council|services) (?:was|were) (?:last|previously|first)|at (?:its|their|the) (?:last|previous|prior) (?:inspection|full inspection|visit))\b/i;
/** Words that put a clause in the past unless it also says it is news ("which was rated inadequate this week"). */
const WEAK_PAST_MARKERS = [
  /\b(?:which|who|whose \w+(?: \w+)?) (?:was|were|had been|had|remains?|is still|is)\b/i, /\bearlier\b/i, /\bremained\b/i, /\bonce\b/i,
  /\bbefore (?:that|then|being)\b/i,
];
/** Past perfect is context, except in reported speech ("Ofsted said it had notified the DfE"). */
const PAST_PERFECT = /\bhad (?:been |previously |already |once )?(?:rated|judged|graded|branded|downgraded|upgraded|issued|given|received|found|named|notified|appointed|served|placed|put|improved|declined|deteriorated|risen|fallen|dropped|moved)\b/i;
const REPORTED_SPEECH = /\b(?:said|says|found|find|wrote|writes|added|noted|reported|warned|confirmed|told|explained|concluded|stated|revealed|highlighted|showed|shows|identified|judged) (?:that )?(?:\w+ ){0,4}had\b/i;
/** Words that make a clause news even when it names a year. */
const NOW_MARKERS = /\b(?:today|this week|this month|this year|latest|newly published|published (?:on )?(?:today|this|on|yesterday)|yesterday|now been|has now|have now)\b/i;

/** Negated: read against the last few words before the signal. */
const NEGATION = /\b(?:no|not|never|without|none|nor|neither|any|avoid(?:ed|s)?|escap(?:ed|es)|lift(?:ed|s|ing)?|remov(?:ed|es|ing)|revok(?:ed|es|ing)|withdr[ae]w(?:n|s|ing)?|end(?:ed|s|ing)?|rescind(?:ed|s)?|exit(?:ed|s)?|out of|free of|released from)\b|n't\b/i;
/** Hypothetical, called for, or about councils in general: read against the clause before the signal. */
const HEDGE = /\b(?:could|may|might|would|if|unless|achieve|aim(?:s|ing)? (?:to|for)|ambition|target(?:ing)?|aspir\w*|want(?:s|ed)? to|hop(?:e|es|ed|ing) (?:to|for)|bid (?:to|for)|strive|on track (?:to|for)|calls? for|called for|calling for|urg(?:e|es|ed|ing)|should|threat(?:en(?:ed|s)?)?|fears?|feared|possible|potential|whether|risk(?:s|ed)? (?:of )?(?:being|an?)|faces? (?:a |the )?(?:possible|prospect))\b|\bother (?:local )?(?:authorities|councils|areas|las)\b|\b(?:councils|authorities|las|areas) (?:that|which|who|whose|rated|judged|graded|are|were)\b|\b(?:number|proportion|share|half|third|quarter|most|many|some|none) of (?:the )?(?:councils|authorities|las|local authorities)\b|\b(?:one in|per cent|percent|nationally|across england|national average)\b|\b(?:a|one|two|three) (?:quarters?|thirds?|fifths?)\b|\bthree-quarters\b|%/i;
const NOT_MARKERS_AFTER = /^(?:[^,;.]{0,40})\b(?:lifted|removed|revoked|withdrawn|ended|rescinded|dropped|came off|come off|taken off|no longer|be lifted)\b/i;
const YEAR = /\b(19[89]\d|20\d\d)\b/g;

function yearsIn(text: string): number[] {
  return [...text.matchAll(YEAR)].map((m) => Number(m[1]));
}

/** How a clause tells its signal: now, past (context), or not at all. */
export function timeOf(sentence: string, start: number, end: number, context: SignalContext): { time: Signal['time']; year: number | null } {
  const clause = clauseAround(sentence, start, end);
  const text = sentence.slice(clause.start, clause.end);
  const before = sentence.slice(clause.start, start);
  const after = sentence.slice(end, clause.end);
  // "By 2023, when Ofsted returned, the service was judged good": a year opening the sentence dates all of it.
  const opening = /^\W*(?:by|in|during|from|after|before|throughout|until|since) (?:(?:early|late|mid|january|february|march|april|may|june|july|august|september|october|november|december) )?((?:19|20)\d\d)\b/i.exec(sentence);
  const years = [...yearsIn(text), ...(opening ? [Number(opening[1])] : [])];
  const year = years.length ? Math.max(...years) : null;
  if (NEGATION.test(lastWords(before, 4)) || HEDGE.test(lastWords(before, 10)) || NOT_MARKERS_AFTER.test(after)) return { time: 'not', year };
  if (PAST_MARKERS.some((re) => re.test(text)) || PAST_BEFORE_MARKERS.test(before) || CAUSE_BEFORE.test(before) || datedAside(sentence, before, end) || PAST_AFTER.test(sentence.slice(end))) return { time: 'past', year };
  if (NOW_MARKERS.test(text)) return { time: 'now', year };
  const pastByYear = year !== null && context.referenceYear !== null && year < context.referenceYear;
  const pastPerfect = PAST_PERFECT.test(text) && !REPORTED_SPEECH.test(sentence.slice(0, end));
  if (pastByYear || pastPerfect || WEAK_PAST_MARKERS.some((re) => re.test(text))) return { time: 'past', year };
  return { time: 'now', year };
}

function lastWords(text: string, n: number): string {
  const words = text.trim().split(/\s+/);
  return words.slice(-n).join(' ');
}

/** Every signal the sentence carries, in order of where it stands. */
export function sentenceSignals(sentenceText: string, context: SignalContext): Signal[] {
  const sentence = foldQuotes(sentenceText);
  const found: Signal[] = [];
  const taken: { start: number; end: number }[] = [];
  const overlaps = (start: number, end: number) => taken.some((t) => start < t.end && end > t.start);
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const match of sentence.matchAll(rule.re)) {
      const start = match.index;
      const end = start + match[0].length;
      // Grades inside a change already read are not read again; concern/praise words may overlap.
      const lesser = rule.kind === 'concern' || rule.kind === 'positive';
      if (!lesser && overlaps(start, end)) continue;
      if ((rule.name === 'rated' || rule.name === 'services-are' || rule.name === 'rates-object') && !endsAsGrade(sentence, end, match[0])) continue;
      const from = rule.from ? gradeOf(match[rule.from] ?? '') : null;
      const to = rule.to ? gradeOf(match[rule.to] ?? '') : null;
      let kind = rule.kind;
      if (rule.name === 'change-from-to' && from && to) {
        const rank = { outstanding: 3, good: 2, requires_improvement: 1, adequate: 1, inadequate: 0 };
        if (rank[to] > rank[from]) kind = 'upgrade';
        else if (rank[to] === rank[from]) kind = 'grade';
      }
      const told = timeOf(sentence, start, end, context);
      const year = told.year;
      const time = rule.name === 'quoted-grade' && told.time === 'now' && ATTRIBUTIVE_AFTER.test(sentence.slice(end)) ? 'past' : told.time;
      if (!lesser) taken.push({ start, end });
      found.push({ kind, from, to, start, end, time, year, rule: rule.name });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Words that may follow a grade used as a judgement ("rated good by Ofsted", "judged inadequate in 2019"). */
const AFTER_GRADE = new Set([
  'by', 'in', 'at', 'for', 'overall', 'across', 'and', 'following', 'after', 'last', 'this', 'when', 'with', 'on', 'from',
  'rating', 'judgement', 'judgment', 'grade', 'earlier', 'since', 'again', 'but', 'as', 'during', 'under', 'or', 'to', 'was',
  'were', 'is', 'are', 'has', 'have', 'had', 'until', 'before', 'just', 'two', 'three', 'four', 'five', 'six', 'the', 'inspectors',
  'ofsted', 'said', 'says', 'while', 'whilst', 'yet', 'because', 'amid', 'among', 'over', 'so', 'four', 'years', 'which', 'who',
]);

/** An unquoted grade word must end its phrase: "rated good by Ofsted", not "considered good practice". */
function endsAsGrade(sentence: string, end: number, matched: string): boolean {
  if (/['"]$/.test(matched)) return true;
  const next = /^\s+([A-Za-z]+)/.exec(sentence.slice(end));
  if (!next) return true;
  return AFTER_GRADE.has(next[1]!.toLowerCase());
}

/** The year history is measured against: the publication year, else the latest year the text names. */
export function referenceYear(published: string | null | undefined, texts: readonly string[]): number | null {
  const fromDate = published ? Number(published.slice(0, 4)) : NaN;
  if (Number.isFinite(fromDate) && fromDate > 1900) return fromDate;
  const years = texts.flatMap(yearsIn);
  return years.length ? Math.max(...years) : null;
}
