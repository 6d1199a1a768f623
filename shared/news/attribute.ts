/**
 * Whose news a signal is: the councils a sentence names, and which of them the
 * words that show a grade, an urgent action or an intervention belong to. Pure.
 *
 *  - An intervention names its council after it: "a commissioner for Stoke", "commissioners
 *    at four councils … in Barnet, Kirklees, Reading and Worcestershire" (every council of the list).
 *  - Otherwise the nearest council named before the signal in its sentence (with the list it
 *    stands in); with none before, the first named after it; with none in the sentence, the
 *    council the article is talking about at that point.
 *  - A council named in passing (a partner, where an adviser came from, a comparison) is a
 *    bystander: it takes no news, and the candidate is dropped for that reason.
 */
import type { Council } from '../domain/council.ts';
import type { CouncilMention } from './mentions.ts';
import type { Signal } from './signals.ts';

/** A council named in a sentence; council null for a name two councils share. */
export interface Marked {
  mention: Omit<CouncilMention, 'council'> & { council: Council | null };
  /** The rule that makes it a bystander (roles.ts), 'ambiguous' for a shared name, or null when it may be the news. */
  role: string | null;
  /** Named only to say where another council is: looked through when finding a signal's owner. */
  place?: boolean;
}

export interface Owners {
  /** URNs of the councils whose news it is. */
  owners: string[];
  /** Councils the signal would have gone to but for being named in passing. */
  bystanders: Marked[];
}

/** Roles that say where a person came from: an intervention they bring belongs to the council they go to. */
const PEOPLE_FROM = new Set(['came-from', 'joined-from', 'expert-from', 'former-role', 'came-from-after']);

/**
 * Interventions name their council after them: "a commissioner for Stoke", "a direction to Birmingham",
 * "commissioners at four councils rated inadequate by Ofsted, in Barnet, Kirklees…"; not across ", and at …".
 */
const OBJECT_OF = /^(?:(?!,\s*(?:and|but|while|whereas|as well as|or)\b)[^.;]){0,100}?\b(?:for|at|to|on|in|over|oversee|overseeing|into|with)\s+(?:the\s+)?(?:(?:london|royal|metropolitan)\s+)?(?:(?:borough|city|county)\s+(?:council\s+)?of\s+)?$/i;
const OBJECT_RULES = new Set(['dfe-notified']);

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

/** Roles a list shares: "joins Birmingham, Doncaster and Slough", "a partnership with Hartlepool and Darlington". */
const SHARED_BY_LIST = (role: string | null) => role !== null && role !== 'ambiguous' && role !== 'place';

function split(group: Marked[]): Owners {
  const listRole = group.length > 1 ? group.find((m) => SHARED_BY_LIST(m.role))?.role : undefined;
  if (listRole) return { owners: [], bystanders: group.filter((m) => m.mention.council).map((m) => ({ ...m, role: m.role ?? listRole })) };
  return {
    owners: group.filter((m) => !m.role && m.mention.council).map((m) => m.mention.council!.urn),
    bystanders: group.filter((m) => m.role && m.mention.council),
  };
}

export function ownersOf(signal: Signal, all: Marked[], topic: string | null, sentence: string): Owners {
  const marked = all.filter((m) => !m.place);
  if (signal.intervention || OBJECT_RULES.has(signal.rule)) {
    const object = marked.findIndex((m) => !m.role && m.mention.council && m.mention.start >= signal.end && OBJECT_OF.test(sentence.slice(signal.end, m.mention.start)));
    if (object >= 0) return split(listAround(marked, object, sentence));
  }
  // "Ofsted rates Slough's services inadequate": the name inside the words that show it.
  const inside = marked.find((m) => m.mention.start >= signal.start && m.mention.end <= signal.end);
  if (inside) return split([inside]);
  const before = marked.findLastIndex((m) => m.mention.end <= signal.start);
  if (before >= 0) {
    const nearest = marked[before]!;
    if (!nearest.role) return split(listAround(marked, before, sentence));
    // "Expert advisers from Hampshire will be sent in": the intervention is the topic's; the council named is where the people come from.
    if (signal.intervention && PEOPLE_FROM.has(nearest.role) && topic) return { owners: [topic], bystanders: [nearest] };
    return split([nearest]);
  }
  const after = marked.findIndex((m) => !m.role && m.mention.start >= signal.end);
  if (after >= 0) return split(listAround(marked, after, sentence));
  if (all.length > 0) return { owners: [], bystanders: all.filter((m) => m.role && m.mention.council) };
  return topic ? { owners: [topic], bystanders: [] } : { owners: [], bystanders: [] };
}

/** Where a sentence turns to a council: it opens the sentence ("In North Tyneside, …"). */
const OPENS_SENTENCE = /^\W*(?:(?:in|at|for|meanwhile|however|but|and|elsewhere|separately|over in|while|whereas|neighbouring|nearby)\b[\s,]*)?(?:the (?:london |royal |metropolitan )?(?:borough|city|county) of |the )?$/i;

/**
 * A council named as news becomes what the article talks about next when it opens
 * the sentence, is the article's subject, or the sentence's news is explicitly its own.
 * A council named deep in a sentence ("…will be chaired by Leeds' director") does not.
 */
export function takesTheTopic(m: Marked, sentence: string, subjectUrn: string | null, owners: Set<string>): boolean {
  const urn = m.mention.council!.urn;
  return urn === subjectUrn || owners.has(urn) || OPENS_SENTENCE.test(sentence.slice(0, m.mention.start));
}

/** "St Helens in Lancashire", "Hull City Council, in East Yorkshire": the second name only says where the first is. */
export function markPlaces(marked: Marked[], sentence: string): void {
  marked.forEach((m, i) => {
    const previous = marked[i - 1];
    if (previous && /^(?:\s+(?:(?:borough|city|county|district|metropolitan borough)\s+)?council)?,?\s+in\s+(?:the\s+)?$/i.test(sentence.slice(previous.mention.end, m.mention.start))) {
      m.role = 'place';
      m.place = true;
    }
  });
}
