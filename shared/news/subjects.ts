/**
 * What a grade or an urgent action is about. A council's event is about its
 * children's services (or the trust that runs them); a children's home, school,
 * youth offending team or area SEND partnership it runs or belongs to is another
 * subject, and so is a single judgement (adoption, care leavers, leadership) read
 * as if it were the overall grade. Pure: named patterns over the words before the signal.
 */

import { clauseAround } from './timing.ts';

/** Places and bodies inspected apart from a council's children's services. */
const INSTITUTIONS: [name: string, re: RegExp][] = [
  ['children\'s home', /\b(?:children'?s|care|residential|secure(?: children'?s)?) (?:homes?|units?)\b|\bthe home\b(?! office| secretary)/i],
  ['school', /\b(?:(?:primary|secondary|special|free|independent|infant|junior|grammar|boarding|high) )?schools?\b|\bacadem(?:y|ies)\b|\bpupil referral units?\b|\bcolleges?\b|\bnurser(?:y|ies)\b/i],
  ['youth offending team', /\byouth (?:offending|justice) (?:teams?|services?)\b|\bYOTs?\b/],
  // Any mention of SEND: "SEND" or "special educational needs" alone covers "area SEND", "SEND inspection", "special educational needs and disabilities (SEND) arrangements".
  ['SEND partnership', /\b(?:(?:local )?area )?SEND\b|\b[Ss]pecial educational needs\b|\blocal area (?:partnership|arrangements)\b/],
  ['fostering or adoption agency', /\b(?:fostering|adoption) (?:agency|agencies|service provider)\b|\bfostering services?\b/i],
  ['safeguarding board', /\b(?:local )?safeguarding (?:children )?(?:board|partnership)s?\b|\bLSCBs?\b/i],
  // Other bodies other inspectorates rate with the same words: a police force (HMICFRS), an NHS trust (the CQC).
  ['police force', /\b[A-Z][\w'’-]* Police\b|\bpolice (?:force|service)s?\b|\bconstabulary\b|\bInspectorate of Constabulary\b|\bHMICFRS\b/],
  ['NHS trust', /\b(?:hospital|hospitals|NHS|ambulance|mental health|health) (?:foundation )?trusts?\b|\bNHS foundation\b|\bmaternity (?:services|units?|care)\b/i],
  // Another service of the council, rated by another inspectorate (the CQC's assessments of councils use the same grades).
  ['adult social care', /\badults?'?s?'? (?:social care|social services|services|care services|care)\b/i],
  // Commissioners and directions for the whole council's finances or governance (best value), not its children's services.
  ['council-wide intervention', /\bbest value\b|\bsection 114\b|\bbankrupt(?:cy)?\b|\b(?:local government|communities|housing|levelling up) secretary\b|\b(?:MHCLG|DLUHC)\b|\bLocal Government Act\b/i],
];

/** Words that name a council's children's services as a whole. */
const CHILDRENS_SERVICES = /\bchildren'?s? (?:social )?(?:care )?services\b|\bchildren'?s (?:social care|department|directorate)\b|(?<!adults?'?s?'? )\bsocial (?:care|services)\b|\bchild protection\b|\bservices for children\b(?! with)|\bchildren'?s (?:services )?trust\b|\bfront door\b|\bILACS\b|\bfocused visit\b|\bsocial work\b/i;

/** The institution a piece of text is about, when it names one and not children's services. */
export function institutionIn(text: string): string | null {
  if (CHILDRENS_SERVICES.test(text)) return null;
  return INSTITUTIONS.find(([, re]) => re.test(text))?.[0] ?? null;
}

/** Words that put an article in the world of children's services; an article with none of them is about something else ("housing repairs branded failing"). */
const CHILDRENS_CONTEXT = /\bofsted\b|\bimprovement notices?\b|\bstatutory directions?\b|\bpriority actions?\b|\binspect(?:ion|ions|or|ors|ed|orate)\b|\bchildren'?s? (?:services|social care|social work|trust)\b|\bchild protection\b|\bcare leavers?\b|\bchildren in care\b|\blooked[- ]after\b|\bDepartment for Education\b|\bDfE\b|\beducation secretary\b|\bchildren'?s minister\b|\bsafeguarding\b/i;
/** Visits that end in a letter with no grade: "told to improve" after one is not requires improvement. */
const GRADELESS_VISIT = /\b(?:focused|monitoring) visits?\b|\bJTAI\b|\bjoint (?:targeted )?(?:area )?inspection\b/i;

/** What the whole article is about, when not a council's children's services: null when it may be. */
export function articleOutsideChildrensServices(texts: readonly string[]): string | null {
  return texts.some((text) => CHILDRENS_CONTEXT.test(text)) ? null : 'another service';
}

/** The article tells of a visit with no grade (focused, monitoring, JTAI). */
export function tellsOfGradelessVisit(texts: readonly string[]): boolean {
  return texts.some((text) => GRADELESS_VISIT.test(text));
}

/** The headline and standfirst are about an institution, not children's services: "Council care home shut after…". */
export function articleInstitution(opening: readonly string[]): string | null {
  const text = opening.join(' ');
  return institutionIn(text);
}

/**
 * The institution a signal is about: one named in its sentence before it, nearer
 * than any mention of children's services; else, when the sentence names neither,
 * the one the article is about.
 */
export function otherSubjectOf(sentence: string, signalStart: number, signalEnd: number, articleSubject: string | null): string | null {
  const clause = clauseAround(sentence, signalStart, signalEnd);
  const before = sentence.slice(Math.max(clause.start, signalStart - 160), signalStart);
  let nearest: { at: number; name: string } | null = null;
  for (const [name, re] of INSTITUTIONS) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const match of before.matchAll(global)) if (!nearest || match.index > nearest.at) nearest = { at: match.index, name };
  }
  const services = [...before.matchAll(new RegExp(CHILDRENS_SERVICES.source, 'gi'))].at(-1);
  if (nearest && (!services || services.index < nearest.at)) return nearest.name;
  if (nearest || services || CHILDRENS_SERVICES.test(sentence)) return null;
  return articleSubject;
}

/** What an intervention is over, named after it: "an improvement notice over its services for children with SEND", "commissioners ... after a best value inspection". */
const INTERVENTION_OVER = /^[^.;]{0,80}?\b(?:over|about|for|regarding|concerning|in relation to|on|after|following|because of)\b/i;

/** An intervention whose own sentence says it is over another service or the whole council, and never children's services. */
export function interventionElsewhere(sentence: string, signalEnd: number): string | null {
  if (CHILDRENS_SERVICES.test(sentence)) return null;
  const after = sentence.slice(signalEnd);
  const over = INTERVENTION_OVER.exec(after);
  if (!over) return null;
  const rest = after.slice(over[0].length);
  return INSTITUTIONS.find(([name, re]) => (name === 'SEND partnership' || name === 'council-wide intervention' || name === 'adult social care') && re.test(rest))?.[0] ?? null;
}

/** One judgement of several: the grade is that area's, not the overall one. */
const JUDGEMENT_AREA = /\b(?:adoption|care leavers?|children in care|(?:children )?looked[- ]after(?: children)?|children looked after|(?:help and )?protection|children who need help|leadership|leaders|management|governance|impact of leaders|experiences and progress|permanence|early help|the only (?:metric|area|judgement|judgment|one))\b/i;
/** Words that say the grade is the overall one after all. */
const OVERALL = /\boverall\b|\bchildren'?s? (?:social )?(?:care )?services\b|\bsafeguarding and looked[- ]after\b|\bthe (?:council|authority|local authority|service|department)\b/i;

/**
 * Whether the grade at [start, end) is a single judgement's: "adoption was rated good",
 * "with leadership rated inadequate", "the only metric rated 'good'", "rated good for care leavers".
 */
export function isSingleJudgement(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - 45), start);
  const lead = before.slice(Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(' - ')) + 1);
  const after = sentence.slice(end, end + 40);
  if (OVERALL.test(lead) || /^\W*overall\b/i.test(after)) return false;
  return JUDGEMENT_AREA.test(lead) || /^['"]?\s*(?:for|in) (?:its |the |their )?(?:adoption|care leavers|children in care|looked[- ]after|leadership|help and protection|management)\b/i.test(after);
}
