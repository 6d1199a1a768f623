/**
 * Whether a council is named only in passing: a partner council ("a partnership
 * with neighbouring Hartlepool"), the council an adviser came from ("formerly
 * director of children's services at Telford and Wrekin"), a comparison ("like
 * Birmingham"), a supporter ("supported by Leeds"). Such a council gets a
 * `mention`, never the sentence's news. Pure: each rule is a named pattern over
 * the words just before or just after the name.
 */
import { foldQuotes } from './signals.ts';

interface RoleRule {
  name: string;
  re: RegExp;
}

/** Read against the words just before the name (same clause, up to ~90 characters). */
const BEFORE: RoleRule[] = [
  { name: 'partner', re: /\b(?:partnership|partnerships|partner|partners|partnered|jointly|shared|sharing|together|collaborat\w*|alongside|joint \w+) (?:\w+ ){0,3}?with (?:the )?(?:neighbouring |nearby |adjoining |adjacent )?$/i },
  { name: 'neighbour', re: /\b(?:neighbouring|nearby|adjoining|adjacent|neighbours?|sister) (?:council |authority )?(?:of )?$/i },
  { name: 'came-from', re: /\b(?:former|formerly|previously|ex-|once|until recently|who (?:previously |formerly |once )?(?:led|ran|headed|oversaw|managed|worked (?:at|for|in)|was (?:at|director|dcs|head|chief))|who was)\b[^,;.]{0,70}\b(?:at|of|in|for|from|with)(?: the)? $/i },
  { name: 'joined-from', re: /\b(?:joined|joins|joining|came|comes|arrived|arrives|moved|moves|seconded|drafted in|brought in|recruited|poached|on loan|loaned|borrowed)(?: \w+){0,3} from(?: the)? $/i },
  { name: 'expert-from', re: /\b(?:adviser|advisor|advisers|advisors|expert|experts|consultant|commissioner|director|dcs|leader|leaders|chief executive|team|officials?|managers?|staff|colleagues|peers?)\b(?: \w+){0,3} from(?: the)? $/i },
  { name: 'comparison', re: /\b(?:like|unlike|similar to|such as|joins|joined|joining|as did|as happened (?:in|at)|following in the footsteps of|compared (?:with|to)|than|as in|including|includes|included|as well as|along with|and also)(?: the)? $/i },
  { name: 'supporter', re: /\b(?:supported|mentored|helped|backed|assisted|advised|coached|partnered|buddied) by(?: the)? $|\bsupport (?:from|of)(?: the)? $|\b(?:improvement|practice|sector[- ]led) partners?,? (?:is |was )?$|\bpartner in practice,? $/i },
  { name: 'model-from', re: /\b(?:model|approach|scheme|programme|method|framework)s? (?:\w+ ){0,3}?(?:developed|pioneered|used|created|run) (?:by|in|at)(?: the)? $/i },
  { name: 'similar-at', re: /\b(?:similar|comparable|the same|previous|earlier|past) (?:\w+ ){0,2}?(?:interventions?|moves?|measures|action|steps|problems|failings|findings|cases?|ratings?|judgements?|verdicts?|reports?|inspections?|criticisms?|outcomes|decisions?|concerns) (?:\w+ ){0,2}?(?:at|in|to|for|by|of)(?: the)? $/i },
  { name: 'other-council', re: /\b(?:other|another|fellow|rival) (?:councils?|authorities|authority|las?) (?:\w+ ){0,2}?(?:such as |like |including |in |of )?$/i },
];

/** Read against the words just after the name. */
const AFTER: RoleRule[] = [
  { name: 'supporting', re: /^(?:['’]s)?(?: council| borough council| city council| county council)?,? (?:which|who) (?:is|are|was|were|has been|had been|will be) (?:\w+ )?(?:supporting|helping|mentoring|advising|partnering|working with|assisting)\b/i },
  { name: 'partner-of', re: /^(?:['’]s)?(?: council)?,? (?:its|their|the council'?s?) (?:partner|neighbour|neighbouring)/i },
  { name: 'came-from-after', re: /^(?: council| borough council| city council| county council)?,? where (?:he|she|they) (?:was|were|had been|worked|led|ran|served)\b/i },
  { name: 'former-role', re: /^(?:['’]s)? (?:former|ex-|previous|one-time|outgoing) (?:director|dcs|chief|head|leader|boss|manager|assistant|deputy|interim)/i },
  { name: 'model', re: /^(?:['’]s)? (?:model|approach|way of working|practice model)\b/i },
];

/** Only the words in the same clause count: a full stop or semicolon ends the reach. */
function clauseBefore(sentence: string, start: number): string {
  const before = sentence.slice(Math.max(0, start - 90), start);
  const cut = Math.max(before.lastIndexOf(';'), before.lastIndexOf('. '));
  return cut >= 0 ? before.slice(cut + 1) : before;
}

/** The rule that makes a mention passing, or null when the council may be the news. */
/** "Neighbouring Hartlepool, however, has been issued…", "Meanwhile, nearby Kirklees…": a neighbour opening the sentence is its subject. */
const OPENS_WITH_NEIGHBOUR = /^\W*(?:(?:meanwhile|however|but|and|elsewhere|separately|in|over in)\b[\s,]*)?(?:neighbouring|nearby|adjoining|adjacent)\s+$/i;

export function passingRole(sentenceText: string, start: number, end: number): string | null {
  const sentence = foldQuotes(sentenceText);
  const before = clauseBefore(sentence, start);
  const after = sentence.slice(end, end + 90);
  for (const rule of BEFORE) {
    if (!rule.re.test(before)) continue;
    if (rule.name === 'neighbour' && OPENS_WITH_NEIGHBOUR.test(sentence.slice(0, start))) continue;
    return rule.name;
  }
  for (const rule of AFTER) if (rule.re.test(after)) return rule.name;
  return null;
}
