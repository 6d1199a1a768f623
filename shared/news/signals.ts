/**
 * What one sentence says happened: grades given, grade changes, urgent action,
 * concern or praise, each with where it stands in the sentence and whether the
 * sentence tells it as news of now or as history quoted for context. Pure and
 * rules-based: every rule is a small, named pattern.
 */
import type { Grade } from '../domain/grades.ts';
import { timeOf, type SignalContext, type Told } from './timing.ts';
import { datesIn } from './when.ts';

export type { SignalContext } from './timing.ts';

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
  time: Told;
  /** The year the clause puts it in, when it names one. */
  year: number | null;
  /** The name of the rule that found it (for explaining and testing). */
  rule: string;
  /** The rule that decided its time, e.g. "news", "history:previous", "negation" (see timing.ts). */
  why: string;
  /** For an intervention: which one. */
  intervention: Intervention | null;
  /** How many days before publication the date that decided its time ended (month or finer), else null. */
  daysBefore: number | null;
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

/** Government intervention in a council's children's services: each is an urgent action of its own. */
export type Intervention = 'commissioner' | 'improvement notice' | 'statutory direction' | 'DfE adviser' | 'trust' | 'government intervention';

interface Rule {
  name: string;
  kind: SignalKind;
  re: RegExp;
  /** Group numbers holding the from and to grades. */
  from?: number;
  to?: number;
  /** The grade the words mean when no grade is written ("the worst Ofsted rating"). */
  grade?: Grade;
  intervention?: Intervention;
}

const RATED = `(?:(?:judging|rating|grading|finding|deeming) (?:it|them|services|the service|the council)|rated|re-?rated|judged|graded|branded|deemed|declared|labelled|classed|assessed as|found to be|considered|ranked|given an?|received an?|awarded an?|handed an?|achieved an?|earned an?|gained an?|secured an?|retained (?:its|their) ?|kept (?:its|their) ?|now)`;
const CHANGE_UP = `(?:upgraded|improved|improves|moved up|moves up|rose|rises|rising|risen|climbed|climbs|climbing|lifted|jumped|jumps|went up|goes up)`;
const CHANGE_DOWN = `(?:downgraded|fell|falls|falling|fallen|dropped|drops|dropping|slipped|slips|slipping|slumped|slumps|declined|declines|plunged|plunges|plummeted|plummets|sank|sinks|went down|goes down|demoted)`;
const CHANGE_ANY = `(?:${CHANGE_UP}|${CHANGE_DOWN}|moved|went|gone|changed|shifted|progressed|journeyed|travelled|transformed|transform|turned|leapt|leaped|move|jump|fall|drop|rise|slide|improvement|change|journey|turnaround|leap)`;

/** Order matters only for reading; every rule is applied. */
const RULES: Rule[] = [
  // Grade changes with both ends: "from 'good' to 'requires improvement'".
  { name: 'change-from-to', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_ANY}\\b[^.;]{0,60}?\\bfrom (?:(?:an?|being|its|their|the|Ofsted|overall|previous|former|rating of)\\s+){0,3}${Q}${GRADE}${Q}(?: rating| judgement| grade)? (?:to|into) (?:an? |being )?${Q}${GRADE}${Q}`, 'gi'), from: 1, to: 2 },
  // "downgraded from 'outstanding'", "improved from inadequate" (no grade it went to).
  { name: 'change-from', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_DOWN}\\b(?: \\w+){0,3}? from (?:an? |its |their )?${Q}${GRADE}${Q}(?! (?:to|into)\\b)`, 'gi'), from: 1 },
  { name: 'change-up-from', kind: 'upgrade', re: new RegExp(`\\b${CHANGE_UP}\\b(?: \\w+){0,3}? from (?:an? |its |their )?${Q}${GRADE}${Q}(?! (?:to|into)\\b)`, 'gi'), from: 1 },
  // "dropped to 'requires improvement' from 'good'".
  { name: 'change-to-from', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_ANY}\\b(?: \\w+){0,3}? to (?:an? )?${Q}${GRADE}${Q}(?: rating| judgement| grade)?,? from (?:an? |its |their |the )?(?:previous |earlier )?${Q}${GRADE}${Q}`, 'gi'), from: 2, to: 1 },
  { name: 'change-to', kind: 'downgrade', re: new RegExp(`\\b${CHANGE_DOWN}\\b(?: \\w+){0,3}? (?:to|into) (?:an? )?${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'change-up-to', kind: 'upgrade', re: new RegExp(`\\b${CHANGE_UP}\\b(?: \\w+){0,3}? (?:to|into) (?:an? )?${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  // "rated requires improvement, down from 'good'".
  { name: 'down-from', kind: 'downgrade', re: new RegExp(`\\b(?:down|a drop|a fall|falling|dropping) from (?:an? |its |their )?${Q}${GRADE}${Q}`, 'gi'), from: 1 },
  { name: 'up-from', kind: 'upgrade', re: new RegExp(`\\b(?:up|a rise|a move|rising|moving) from (?:an? |its |their )?${Q}${GRADE}${Q}`, 'gi'), from: 1 },
  { name: 'downgraded', kind: 'downgrade', re: /\bdowngrad(?:ed|ing|e)\b/gi },
  { name: 'upgraded', kind: 'upgrade', re: /\bupgrad(?:ed|ing|e)\b/gi },
  // "lost its 'good' rating", "High caseloads cost council its 'good' Ofsted rating".
  // Headlines drop the determiner: "Hampshire children's services lose 'outstanding' rating".
  { name: 'lost-grade', kind: 'downgrade', re: new RegExp(`\\b(?:los(?:e|t|es|ing)|cost (?:\\w+ ){0,3}?|stripped of) (?:(?:its|their) ${Q}${GRADE}${Q}|(?:the |an? )?${Q}${GRADE}${Q}(?= (?:rating|grade|status|judgement|judgment|label)\\b))`, 'gi'), from: 1 },
  // A grade given: "rated inadequate", "branded 'inadequate'", "an 'inadequate' rating".
  { name: 'rated', kind: 'grade', re: new RegExp(`\\b${RATED}(?: as)?(?: being)?(?: overall)?(?: to be| to)? ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  // "Ofsted rates Slough's children's services inadequate": verb, what is rated, grade.
  { name: 'rates-object', kind: 'grade', re: new RegExp(`\\b(?:rates|rated|rating|judges|judged|judging|grades|graded|brands|branded|deems|deemed|finds|found) (?:the |its |their |our )?(?:[A-Z][\\w'’-]*\\s+|council[’']?s?\\s+|local\\s+|authority[’']?s?\\s+|department\\s+|children[’']?s?\\s+|social\\s+|care\\s+|services?\\s+|and\\s+|of\\s+){1,6}(?:as |to be )?${Q}${GRADE}${Q}`, 'g'), to: 1 },
  // "with overall effectiveness as inadequate", "overall effectiveness was judged good".
  { name: 'overall-effectiveness', kind: 'grade', re: new RegExp(`\\boverall effectiveness(?: (?:as|was|is|were|being|of|judged|rated|graded|now|to be))*:? ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'judgement-of', kind: 'grade', re: new RegExp(`\\b(?:judgement|judgment|rating|grade|verdict) of ${Q}${GRADE}${Q}`, 'gi'), to: 1 },
  { name: 'grade-rating', kind: 'grade', re: new RegExp(`${Q}\\b${GRADE}${Q} (?:rating|judgement|grade|verdict|overall|in all areas|across the board)`, 'gi'), to: 1 },
  { name: 'services-are', kind: 'grade', re: new RegExp(`\\bservices (?:\\w+ ){0,4}(?:are|is|were|was|remain|remains) (?:now |still |judged |rated )?${Q}(outstanding|inadequate|requires? improvement(?: to be good)?|good)${Q}(?=[\\s,.;]|$)`, 'gi'), to: 1 },
  // "inspectors ruled that it still required improvement".
  { name: 'requires-improvement', kind: 'grade', re: /\b(?:it|they|services|council|authority|department) (?:still |now |also )?(?:requires?|required|needs?|needed) improvement\b/gi, grade: 'requires_improvement' },
  // "Bolton Council told to improve children's services": the press's words for requires improvement (not after a visit that gives no grade: see extract.ts).
  { name: 'told-to-improve', kind: 'grade', re: /\b(?:told|urged|ordered|warned)(?: (?:by Ofsted|by inspectors|by the watchdog))?(?: (?:[A-Z][\w'’-]*|council|it|they|that|the council)){0,4}? (?:to|it must|they must|it needs to|it has to) improve\b/gi, grade: 'requires_improvement' },
  { name: 'quoted-grade', kind: 'grade', re: new RegExp(`['"]${GRADE}['"]`, 'gi'), to: 1 },
  // "one of 29 in England to be given the worst Ofsted rating", "branded failing".
  { name: 'worst-rating', kind: 'grade', re: /(?<!second[- ])\b(?:the |its |their )?(?:worst|lowest|bottom)(?: possible)?(?: Ofsted)? (?:rating|grade|judgement|judgment|category|mark)\b|(?<!second[- ])\b(?:worst|lowest|bottom) of (?:the |Ofsted'?s |its |the watchdog'?s )?(?:four |three )?(?:possible )?(?:ratings|grades|judgements|judgments|categories)\b/gi, grade: 'inadequate' },
  { name: 'second-lowest', kind: 'grade', re: /\bsecond[- ](?:lowest|worst)(?: of (?:the |Ofsted'?s |its |the watchdog'?s )?(?:four )?(?:possible )?(?:ratings|grades|judgements|judgments|categories)| (?:possible )?(?:Ofsted )?(?:rating|grade|judgement|judgment|category))\b/gi, grade: 'requires_improvement' },
  { name: 'branded-failing', kind: 'grade', re: /\b(?:branded|labelled|labeled|deemed|declared|rated|judged|classed as) (?:as )?['"]?failing['"]?(?=$|[,.;:]| by\b| in\b| after\b| and\b| following\b| for\b)/gi, grade: 'inadequate' },
  // Urgent action.
  { name: 'urgent-action', kind: 'urgent_action', re: /\burgent (?:action|actions|improvements?|changes?|steps)\b/gi },
  { name: 'priority-action', kind: 'urgent_action', re: /\b(?:areas? (?:for|of|requiring) )?priority actions?\b/gi },
  { name: 'dfe-notified', kind: 'urgent_action', re: /\bnotif(?:ied|y|ies|ying) the (?:Department for Education|DfE|Education Secretary|Secretary of State)\b|\b(?:Department for Education|DfE) (?:has|had|have|was|were) (?:been )?notified\b/gi },
  { name: 'send-systemic-failings', kind: 'urgent_action', re: /\bwidespread and(?:\/or)? systemic failings\b|\bsystemic failings\b/gi },
  // Government intervention.
  { name: 'improvement-notice', kind: 'urgent_action', intervention: 'improvement notice', re: /\bimprovement notices?\b/gi },
  // "used her powers under section 497A ... to direct Tameside Council to work with an improvement partner".
  { name: 'intervention-powers', kind: 'urgent_action', intervention: 'statutory direction', re: /\bsection 497A\b|\b(?:secretary|minister|ministers|government|DfE|Department for Education)\b[^.;]{0,40}\b(?:used|uses|using|invoked|invokes|exercised|exercises|exercising) (?:her|his|its|their) (?:statutory |intervention )*powers\b/gi },
  { name: 'directed-to', kind: 'urgent_action', intervention: 'statutory direction', re: /\b[Dd]irect(?:ed|s|ing)? (?!Ofsted\b)(?:the council|[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|and|upon|on)){0,4}) to (?!be\b)/g },
  { name: 'statutory-direction', kind: 'urgent_action', intervention: 'statutory direction', re: /\bstatutory (?:direction|directions|intervention)\b|\b(?:practice )?direction (?:notice|issued)\b|\bdirection (?:from|by|issued by) the (?:Department for Education|DfE|education secretary|secretary of state|government)\b|\b(?:issued|issues|given|served) (?:with )?(?:a |the )?(?:statutory |practice )?direction\b/gi },
  // "Walsall gets children's services commissioner", "a children's services commissioner for Walsall" (never the Children's Commissioner for England).
  { name: 'commissioner-given', kind: 'urgent_action', intervention: 'commissioner', re: /\b(?:gets?|given|receives?|handed|to get|to receive|will get)(?: (?:an?|the|new|government|DfE|children'?s services|independent)){0,3} commissioners?\b|\bchildren'?s services commissioners?\b/gi },
  { name: 'commissioner', kind: 'urgent_action', intervention: 'commissioner', re: /\b(?:(?:appoint(?:ed|s|ing)?|sen[dt](?:ing)?(?: in)?|install(?:ed|s)?|impos(?:ed|es)|parachuted in|brought in|nam(?:ed|es))(?: \w+){0,3} (?:an? |the )?(?:(?:children'?s? services|DfE|government|independent|education|special) )?commissioners?|commissioners? (?:has been |have been |was |were |had been |is being |will be )?(?:appointed|sent in|installed|brought in|put in charge|named))\b/gi },
  { name: 'dfe-adviser', kind: 'urgent_action', intervention: 'DfE adviser', re: /\b(?:DfE|Department for Education|government|department|minister|ministers|education secretary)[- ](?:appointed|brokered)\b(?: \w+){0,3} advis[eo]rs?\b|\b(?:DfE|Department for Education|department|government|ministers?|education secretary)\b[^.;]{0,40}\b(?:appoint(?:ed|s|ing)?|broker(?:ed|s|ing)?|sen[dt](?: in)?|install(?:ed|s)?)\b(?: \w+){0,3} (?:improvement |expert |independent )?advis[eo]rs?\b|\badvis[eo]rs? (?:\w+ ){0,3}(?:will be |have been |has been |were |was )?sent in\b|\badvis[eo]rs?,? (?:who (?:has been |have been |was |were |will be )|(?:has been |have been |was |were |will be ))?(?:appointed|brokered|sent in|nominated|commissioned) by the (?:DfE|Department for Education|department|government|education secretary|children'?s minister)\b/gi },
  { name: 'trust', kind: 'urgent_action', intervention: 'trust', re: /\b(?:moved|moving|transferred|transferring|removed|taken|hived off|split off|handed)\b[^.;]{0,60}?\b(?:to|into|by) (?:an? |the )?(?:new |independent |children'?s |not-for-profit |voluntary |arm's-length )*(?:trust|company)\b|\bbe (?:run|taken over|operated) by (?:an? )?(?:new |independent |children'?s |voluntary |not-for-profit )*trust\b|\bordered to (?:set up|create|hand (?:its|their) services to) (?:an? )?(?:new |independent |children'?s |voluntary )*trust\b/gi },
  { name: 'intervention', kind: 'urgent_action', intervention: 'government intervention', re: /\b(?:government|ministers?|Department for Education|DfE|Education Secretary)\b(?: \w+){0,3} (?:has |have |had )?(?:intervened|intervenes|intervening|stepped in|steps in|stepping in|taken control|takes control|taken over|takes over)\b|\b(?:placed|put) (?:under|into) (?:government |statutory |special )?(?:intervention|measures)\b|\bstripped of (?:its |their )?(?:control|powers)\b|\btrust (?:will|to|has been set up to) (?:take over|run)\b/gi },
  // Concern and praise: lesser signals, never alerted by default.
  { name: 'concern', kind: 'concern', re: /\b(?:deteriorat\w*|declin\w*|failings?|failures?|failed|weakness\w*|serious concerns?|concerns?|critici[sz]\w*|critical|damning|scathing|poor|worrying|not good enough|too many|too long|delays?|at risk|risk of (?:significant )?harm|unsafe|shortcomings|warn(?:s|ed|ing)?|letdown|let down|struggl\w*|slammed)\b/gi },
  { name: 'positive', kind: 'positive', re: /\b(?:prais\w*|commend\w*|strong|strengths?|excellent|impressive|improv(?:ed|ing|ements? made)|good progress|progress|high[- ]quality|positive|effective|celebrat\w*|welcomed|creditable|resilient|well-led|exemplary)\b/gi },
];

/** A quoted grade standing before a name or "councils" describes where things stand, not news ("at 'inadequate' Surrey, Newham…"). */
const ATTRIBUTIVE_AFTER = /^-rated\b|^\s+(?:(?!(?:Ofsted|By|In|For|At|And|After|Following|Rating|Judgement|Judgment|Grade|Verdict)\b)[A-Z][a-z]|(?:councils|authorities|local authorities|areas)\b)/;
/** Rules that read an earlier grade told beside the news ("rated inadequate, down from good"). */
const APPOSITIVE_FROM = new Set(['down-from', 'up-from']);
const YEAR = /\b(19[89]\d|20\d\d)\b/g;

function yearsIn(text: string): number[] {
  return [...text.matchAll(YEAR)].map((m) => Number(m[1]));
}

/** Every signal the sentence carries, in order of where it stands. */
export function sentenceSignals(sentenceText: string, context: SignalContext): Signal[] {
  const sentence = foldQuotes(sentenceText);
  const found: Omit<Signal, 'time' | 'year' | 'why' | 'daysBefore'>[] = [];
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
      const from = rule.from ? gradeOf(match[rule.from] ?? match[rule.from + 1] ?? '') : null;
      const to = rule.to ? gradeOf(match[rule.to] ?? '') : (rule.grade ?? null);
      let kind = rule.kind;
      if ((rule.name === 'change-from-to' || rule.name === 'change-to-from') && from && to) {
        const rank = { outstanding: 3, good: 2, requires_improvement: 1, adequate: 1, inadequate: 0 };
        if (rank[to] > rank[from]) kind = 'upgrade';
        else if (rank[to] === rank[from]) kind = 'grade';
      }
      if (!lesser) taken.push({ start, end });
      found.push({ kind, from, to, start, end, rule: rule.name, intervention: rule.intervention ?? null });
    }
  }
  // Each is timed knowing where the others stand: a date belongs to the nearest event told beside it.
  const dates = found.length ? datesIn(sentence, context.anchor) : [];
  return found
    .map((signal) => {
      // "inadequate, down from 'good' in 2019": a date after an appositive from-grade dates that grade, not the change.
      const own = APPOSITIVE_FROM.has(signal.rule) ? dates.filter((d) => d.end <= signal.start) : dates;
      const told = timeOf(sentence, signal.start, signal.end, context, taken, own);
      const attributive = signal.rule === 'quoted-grade' && told.time === 'now' && ATTRIBUTIVE_AFTER.test(sentence.slice(signal.end));
      return { ...signal, time: attributive ? ('past' as const) : told.time, year: told.year, why: attributive ? 'history:describes-where-it-stands' : told.why, daysBefore: told.daysBefore };
    })
    .sort((a, b) => a.start - b.start);
}

/** Words that may follow a grade used as a judgement ("rated good by Ofsted", "judged inadequate in 2019"). */
const AFTER_GRADE = new Set([
  'by', 'in', 'at', 'for', 'overall', 'across', 'and', 'following', 'after', 'last', 'this', 'when', 'with', 'on', 'from',
  'rating', 'judgement', 'judgment', 'grade', 'earlier', 'since', 'again', 'but', 'as', 'during', 'under', 'or', 'to', 'was',
  'were', 'is', 'are', 'has', 'have', 'had', 'until', 'before', 'just', 'two', 'three', 'four', 'five', 'six', 'the', 'inspectors',
  'ofsted', 'said', 'says', 'instead', 'while', 'whilst', 'yet', 'because', 'amid', 'among', 'over', 'so', 'four', 'years', 'which', 'who',
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
