/**
 * What `/ofsted` answers, as Slack's slash-command response JSON
 * (`response_type`, `text`, `blocks`). Pure builders; everything a person typed
 * is escaped before it is echoed back. Changes to a channel's alerts are
 * answered in the channel, so everyone there sees who changed what; lookups
 * (list, status, help, problems) only to the person who asked.
 */
import { SLACK_LIMITS, type Block } from '../alerts/block-kit.ts';
import { escapeMrkdwn, truncate } from '../alerts/mrkdwn.ts';
import { describeDelivery, describeKinds, describeTarget, type Subscription } from '../alerts/subscription.ts';
import { formatDate, listPhrase } from '../alerts/wording.ts';
import { EVENT_KINDS } from '../domain/events.ts';
import { councilByUrn } from '../register/register.ts';

export interface SlackReply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Block[];
}

export const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } });
export const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) }] });

/** A reply of sections (and context lines, starting with "_"), with the first as its notification text. */
export function reply(type: SlackReply['response_type'], paragraphs: readonly string[]): SlackReply {
  const kept = paragraphs.filter(Boolean);
  const blocks = kept.slice(0, SLACK_LIMITS.blocksPerMessage).map((p) => (p.startsWith('_') ? context(p) : section(p)));
  return { response_type: type, text: truncate(kept[0] ?? '', 3000), blocks };
}

/** The help, with the line that was not understood and why, when there was one. */
export function helpReply(command: string, notUnderstood?: { line: string; problem: string }): SlackReply {
  const c = escapeMrkdwn(command || '/ofsted');
  const lines = [
    `*${c} subscribe* _council | region | all_ [_kinds…_] [digest daily]: alerts in this channel. Kinds: ${EVENT_KINDS.join(', ')} (default downgrade urgent_action; all-kinds for every one)`,
    `*${c} unsubscribe* _council | region | all_: stop them (all stops every subscription of this channel)`,
    `*${c} list*: this channel's subscriptions`,
    `*${c} mute* _council days_: hold a council's alerts in this channel for a while (0 unmutes)`,
    `*${c} status* _council_: latest grades, open areas for priority action, recent events and links`,
    `*${c} help*: this text`,
    `_e.g. ${c} subscribe Stockton-on-Tees · ${c} subscribe North East downgrade upgrade digest daily · ${c} status Stoke-on-Trent_`,
  ];
  const intro = notUnderstood
    ? `Sorry, I did not understand \`${escapeMrkdwn(truncate(notUnderstood.line, 200))}\`: ${escapeMrkdwn(notUnderstood.problem)}`
    : 'ofsted-watch alerts this channel when Ofsted downgrades a council\'s children\'s services or tells it to take urgent action.';
  return reply('ephemeral', [intro, lines.slice(0, 6).map((l) => `• ${l}`).join('\n'), lines[6]!]);
}

/** A request that could not be carried out (an unknown council, a DM): only the asker sees it. */
export function problemReply(message: string, hint?: string): SlackReply {
  return reply('ephemeral', [escapeMrkdwn(message), hint ? `_${escapeMrkdwn(hint)}_` : '']);
}

export function otherWorkspaceReply(): SlackReply {
  return problemReply('This ofsted-watch app serves one Slack workspace, and it is not this one. Nothing was changed.');
}

export function workingReply(): SlackReply {
  return reply('ephemeral', ['Working on it: the answer follows in a moment.']);
}

export function failedReply(): SlackReply {
  return problemReply('Something went wrong on our side and nothing was changed. Please try again in a minute.');
}

export type SubscribeOutcome = 'created' | 'updated' | 'unchanged';

function describeSubscription(sub: Subscription, digestHour: number): string {
  return `${escapeMrkdwn(describeTarget(sub.target, 10))}: ${escapeMrkdwn(describeKinds(sub.events))}, ${escapeMrkdwn(describeDelivery(sub.delivery, digestHour))}`;
}

export function subscribedReply(userId: string, results: readonly { sub: Subscription; outcome: SubscribeOutcome }[], digestHour: number): SlackReply {
  if (results.every((r) => r.outcome === 'unchanged')) {
    return reply('ephemeral', [`This channel already gets these alerts:\n${results.map((r) => `• ${describeSubscription(r.sub, digestHour)}`).join('\n')}`]);
  }
  const verb = (outcome: SubscribeOutcome) => (outcome === 'created' ? 'subscribed' : outcome === 'updated' ? 'changed' : 'kept');
  return reply('in_channel', [
    `<@${escapeMrkdwn(userId)}> ${listPhrase([...new Set(results.map((r) => verb(r.outcome)))])} this channel's alerts:\n${results.map((r) => `• ${describeSubscription(r.sub, digestHour)}`).join('\n')}`,
    '_If this is a private channel, invite the app (`/invite @ofsted-watch`) so it can post here. Stop with `/ofsted unsubscribe`; see all with `/ofsted list`._',
  ]);
}

export function unsubscribedReply(userId: string, removed: readonly string[], narrowed: readonly string[]): SlackReply {
  const lines = [...removed.map((d) => `• stopped: ${escapeMrkdwn(d)}`), ...narrowed.map((d) => `• now: ${escapeMrkdwn(d)}`)];
  return reply('in_channel', [`<@${escapeMrkdwn(userId)}> changed this channel's alerts:\n${lines.join('\n')}`]);
}

/** Nothing to unsubscribe from; `coveredBy` names the subscriptions that still bring this council's alerts. */
export function notSubscribedReply(what: string, coveredBy: readonly string[]): SlackReply {
  if (coveredBy.length === 0) return problemReply(`This channel has no subscription for ${what}. Nothing was changed.`, 'See this channel\'s subscriptions with /ofsted list.');
  return problemReply(
    `This channel gets ${what} through ${listPhrase(coveredBy.map((d) => `"${d}"`))}. Nothing was changed.`,
    'Unsubscribe from that, or hold this council\'s alerts for a while with /ofsted mute COUNCIL DAYS.',
  );
}

export function listReply(subs: readonly Subscription[], now: string, digestHour: number): SlackReply {
  if (subs.length === 0) return reply('ephemeral', ['This channel has no ofsted-watch subscriptions yet. Start with `/ofsted subscribe COUNCIL` (or a region, or `all`).']);
  const lines = subs.map((sub) => {
    const notes: string[] = [];
    if (sub.status === 'broken') notes.push(`:warning: not delivering (${escapeMrkdwn(sub.broken?.code ?? 'broken')}): invite the app to this channel, then ask the operator to reactivate ${sub.id}`);
    for (const [urn, until] of Object.entries(sub.mutedUntil ?? {})) {
      if (until > now) notes.push(`muted: ${escapeMrkdwn(councilByUrn(urn)?.name ?? urn)} until ${formatDate(until) ?? until}`);
    }
    const by = sub.requestedBy ? ` · by <@${escapeMrkdwn(sub.requestedBy)}>` : '';
    return `• ${describeSubscription(sub, digestHour)} _(${sub.id}${by})_${notes.map((n) => `\n    ${n}`).join('')}`;
  });
  return reply('ephemeral', [`*This channel's subscriptions (${subs.length})*\n${lines.join('\n')}`]);
}

export function mutedReply(userId: string, council: string, until: string | null): SlackReply {
  const who = `<@${escapeMrkdwn(userId)}>`;
  if (until === null) return reply('in_channel', [`${who} unmuted ${escapeMrkdwn(council)}: its alerts come to this channel again.`]);
  return reply('in_channel', [`${who} muted ${escapeMrkdwn(council)} in this channel until ${formatDate(until) ?? until}. Alerts about it found until then are not posted here.`, '_Unmute with `/ofsted mute COUNCIL 0`._']);
}
