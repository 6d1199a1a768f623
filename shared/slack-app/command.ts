/**
 * The text of `/ofsted …` as a command. Pure: the words are only sorted into
 * what was asked; which council a name means is decided when the command runs
 * (shared/alerts/subscription-request.ts, the same lookup as the CLI).
 *
 *   subscribe <council | region | all> [kinds...] [digest daily]
 *   unsubscribe <council | region | all>
 *   list
 *   mute <council> <days>
 *   status <council>
 *   help
 */
import type { EventKind } from '../domain/events.ts';
import { eventKindNamed } from '../alerts/subscription-request.ts';

/** The slash command as Slack sends it (the form fields this app reads). */
export interface SlashRequest {
  teamId: string;
  channelId: string;
  userId: string;
  /** "/ofsted" (or whatever the app's manifest names it). */
  command: string;
  text: string;
  responseUrl: string;
}

export type SlashCommand =
  | { name: 'subscribe'; target: string; kinds: EventKind[] | 'all' | undefined; digest: boolean }
  | { name: 'unsubscribe'; target: string }
  | { name: 'list' }
  | { name: 'mute'; council: string; days: number }
  | { name: 'status'; council: string }
  | { name: 'help' }
  /** Anything else: answered with the help and the line it did not understand. */
  | { name: 'not_understood'; line: string; problem: string };

/** The most days a council can be muted for. */
export const MAX_MUTE_DAYS = 365;

export const COMMAND_NAMES = ['subscribe', 'unsubscribe', 'list', 'mute', 'status', 'help'] as const;

/** Slack may send typographic quotes; names are read without them, spaces collapsed. */
function clean(text: string): string {
  return text.replace(/[\u201C\u201D\u2018\u2019"'`]/g, ' ').replace(/\s+/g, ' ').trim();
}

function notUnderstood(line: string, problem: string): SlashCommand {
  return { name: 'not_understood', line, problem };
}

/** Trailing words that say how: kinds ("downgrade upgrade", "urgent-action,concern", "all-kinds") and "digest daily". */
function splitOptions(words: string[]): { target: string[]; kinds: EventKind[] | 'all' | undefined; digest: boolean; bad: string | null } {
  const kinds: EventKind[] = [];
  let all = false;
  let digest = false;
  let end = words.length;
  while (end > 0) {
    const word = words[end - 1]!.toLowerCase().replace(/^-+/, '');
    const parts = word.split(',').filter(Boolean);
    if (word === 'daily' && end >= 2 && words[end - 2]!.toLowerCase().replace(/^-+/, '') === 'digest') {
      digest = true;
      end -= 2;
    } else if (word === 'daily') {
      digest = true;
      end -= 1;
    } else if (word === 'all-kinds' || word === 'all_kinds' || word === 'every-kind') {
      all = true;
      end -= 1;
    } else if (parts.length > 0 && parts.every((p) => eventKindNamed(p) !== null)) {
      kinds.unshift(...parts.map((p) => eventKindNamed(p)!));
      end -= 1;
    } else if ((word === 'events' || word === 'kinds') && end < words.length) {
      end -= 1; // "--events downgrade,upgrade", as on the command line
    } else {
      break;
    }
  }
  const target = words.slice(0, end);
  const stray = target.find((w) => /^-/.test(w) && !/^-\d/.test(w));
  return { target, kinds: all ? 'all' : kinds.length ? [...new Set(kinds)] : undefined, digest, bad: stray ?? null };
}

/** `/ofsted` text → the command it asks for. Never throws. */
export function parseSlashCommand(text: string): SlashCommand {
  const line = text.trim();
  const words = clean(line).split(' ').filter(Boolean);
  const verb = words[0]?.toLowerCase();
  const rest = words.slice(1);
  switch (verb) {
    case undefined:
    case 'help':
    case '?':
      return { name: 'help' };
    case 'list':
    case 'subscriptions':
      return rest.length ? notUnderstood(line, '`list` takes no council: it shows this channel\'s subscriptions.') : { name: 'list' };
    case 'subscribe': {
      const { target, kinds, digest, bad } = splitOptions(rest);
      if (bad) return notUnderstood(line, `"${bad}" is not an option here: write kinds as words, e.g. \`subscribe Tameside downgrade upgrade\`.`);
      if (target.length === 0) return notUnderstood(line, 'say what to subscribe to: a council, a region or `all`.');
      return { name: 'subscribe', target: target.join(' '), kinds, digest };
    }
    case 'unsubscribe': {
      if (rest.length === 0) return notUnderstood(line, 'say what to unsubscribe from: a council, a region or `all`.');
      return { name: 'unsubscribe', target: rest.join(' ') };
    }
    case 'status': {
      if (rest.length === 0) return notUnderstood(line, 'say which council, e.g. `status Stoke-on-Trent`.');
      return { name: 'status', council: rest.join(' ') };
    }
    case 'mute': {
      const match = /^(.+?)\s+(?:for\s+)?(\d+)\s*(?:d|days?)?$/i.exec(rest.join(' '));
      if (!match) return notUnderstood(line, 'say which council and for how many days, e.g. `mute Tameside 7` (0 to unmute).');
      const days = Number(match[2]);
      if (days > MAX_MUTE_DAYS) return notUnderstood(line, `mute for at most ${MAX_MUTE_DAYS} days (or unsubscribe).`);
      return { name: 'mute', council: match[1]!, days };
    }
    default:
      return notUnderstood(line, `"${words[0]}" is not a command.`);
  }
}
