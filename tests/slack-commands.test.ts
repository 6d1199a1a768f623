/**
 * /ofsted over HTTP, as Slack sends it, to `local`'s endpoint (the same Bolt
 * handler as the slack-commands Lambda), against dynalite: every command, the
 * workspace check, and the signature and replay checks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteSubscription, listSubscriptions } from '#shared/alerts/subscription-store.ts';
import { putInspection } from '#shared/crawl/store.ts';
import { recordEvent } from '#shared/events/store.ts';
import { SAMPLE_EVENTS, STOCKTON_PRIORITY_ACTIONS } from './golden/sample-events.ts';
import { record } from './helpers/records.ts';
import { readable, SIGNING_SECRET, startSlackApp, TEAM, type SlackAppHarness } from './helpers/slack-app.ts';

let app: SlackAppHarness;
beforeAll(async () => {
  app = await startSlackApp();
});
afterAll(() => app.close());
afterEach(async () => {
  for (const sub of await listSubscriptions(app.db)) await deleteSubscription(app.db, sub.id);
});

const channelSubs = async (channel = 'C0NEWS') => (await listSubscriptions(app.db)).filter((s) => s.webhook.type === 'channel' && s.webhook.channelId === channel);

describe('/ofsted subscribe', () => {
  it('subscribes the channel it is typed in to a council, with the default kinds, and says so in the channel', async () => {
    const { status, reply } = await app.command('subscribe Stockton-on-Tees');
    expect(status).toBe(200);
    expect(reply!.response_type).toBe('in_channel');
    expect(readable(reply)).toMatch(/<@U0ALICE> subscribed this channel's alerts:\n• Stockton-on-Tees: downgrades and urgent action, as they happen/);
    const [sub, ...others] = await channelSubs();
    expect(others).toEqual([]);
    expect(sub).toMatchObject({
      target: { type: 'councils', councils: [{ urn: '80563', name: 'Stockton-on-Tees' }] },
      events: ['downgrade', 'urgent_action'],
      delivery: 'instant',
      webhook: { type: 'channel', teamId: TEAM, channelId: 'C0NEWS' },
      requestedBy: 'U0ALICE',
      status: 'active',
    });
  });

  it('reads names as the CLI does ("Stockton" is Stockton-on-Tees), and changes kinds and digest on a second subscribe instead of adding one', async () => {
    await app.command('subscribe Stockton');
    const again = await app.command('subscribe Stockton');
    expect(again.reply!.response_type).toBe('ephemeral');
    expect(readable(again.reply)).toMatch(/already gets these alerts/);
    const changed = await app.command('subscribe stockton-on-tees downgrade upgrade urgent-action digest daily');
    expect(readable(changed.reply)).toMatch(/changed this channel's alerts:\n• Stockton-on-Tees: downgrades, urgent action and upgrades, in one daily digest after 08:00 UK time/);
    const subs = await channelSubs();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ events: ['downgrade', 'urgent_action', 'upgrade'], delivery: 'daily' });
  });

  it('subscribes to a region, to all councils, or to several councils at once (one subscription each)', async () => {
    await app.command('subscribe North East concern mention', { channelId: 'C0REGION' });
    expect((await channelSubs('C0REGION'))[0]).toMatchObject({ target: { type: 'regions', regions: ['North East'] }, events: ['concern', 'mention'] });
    await app.command('subscribe all all-kinds', { channelId: 'C0ALL' });
    expect((await channelSubs('C0ALL'))[0]).toMatchObject({ target: { type: 'all' }, events: expect.arrayContaining(['downgrade', 'first_record', 'mention']) });
    const { reply } = await app.command('subscribe Stockton-on-Tees, Hartlepool');
    expect(readable(reply)).toMatch(/Stockton-on-Tees: .*\n• Hartlepool: /);
    expect((await channelSubs()).map((s) => s.target.type === 'councils' && s.target.councils[0]!.name).sort()).toEqual(['Hartlepool', 'Stockton-on-Tees']);
  });

  it('says "did you mean" for a council it does not know, only to the asker, and changes nothing', async () => {
    const { status, reply } = await app.command('subscribe Stokton');
    expect(status).toBe(200);
    expect(reply!.response_type).toBe('ephemeral');
    expect(readable(reply)).toMatch(/No council matches "Stokton"\. Did you mean "Stockton-on-Tees"/);
    expect(readable(reply)).toMatch(/Nothing was changed/);
    expect(await listSubscriptions(app.db)).toEqual([]);
  });

  it('refuses a council that no longer runs children\'s services, naming its successors', async () => {
    const { reply } = await app.command('subscribe Northamptonshire');
    expect(readable(reply)).toMatch(/Northamptonshire no longer runs children's services: it was replaced by (North|West) Northamptonshire and (North|West) Northamptonshire/);
    expect(await listSubscriptions(app.db)).toEqual([]);
  });

  it('asks for a channel when typed in a direct message', async () => {
    const { reply } = await app.command('subscribe Tameside', { channelId: 'D0DIRECT' });
    expect(readable(reply)).toMatch(/Alerts go to channels/);
    expect(await listSubscriptions(app.db)).toEqual([]);
  });
});

describe('/ofsted list, unsubscribe and mute', () => {
  it('lists this channel\'s subscriptions only', async () => {
    await app.command('subscribe Tameside upgrade');
    await app.command('subscribe Birmingham', { channelId: 'C0OTHER' });
    const { reply } = await app.command('list');
    expect(reply!.response_type).toBe('ephemeral');
    expect(readable(reply)).toMatch(/This channel's subscriptions \(1\)\*\n• Tameside: upgrades, as they happen _\(sub_\w+ · by <@U0ALICE>\)_/);
    expect(readable(reply)).not.toMatch(/Birmingham/);
    expect(readable((await app.command('list', { channelId: 'C0EMPTY' })).reply)).toMatch(/no ofsted-watch subscriptions yet/);
  });

  it('unsubscribes a council, explains when a region brings it, and "all" stops everything in the channel', async () => {
    await app.command('subscribe Stockton-on-Tees');
    await app.command('subscribe North East');
    await app.command('subscribe Stockton-on-Tees', { channelId: 'C0OTHER' });
    const stop = await app.command('unsubscribe Stockton');
    expect(stop.reply!.response_type).toBe('in_channel');
    expect(readable(stop.reply)).toMatch(/stopped: Stockton-on-Tees/);
    const again = await app.command('unsubscribe Stockton-on-Tees');
    expect(readable(again.reply)).toMatch(/This channel gets Stockton-on-Tees through "councils in North East"\. Nothing was changed/);
    await app.command('subscribe Tameside');
    const all = await app.command('unsubscribe all');
    expect(readable(all.reply)).toMatch(/stopped: councils in North East\n• stopped: Tameside/);
    expect(await channelSubs()).toEqual([]);
    expect(await channelSubs('C0OTHER')).toHaveLength(1);
  });

  it('mutes a council for some days on every subscription that brings it, and unmutes with 0', async () => {
    await app.command('subscribe North East');
    await app.command('subscribe Stockton-on-Tees upgrade');
    const before = Date.now();
    const { reply } = await app.command('mute Stockton 7');
    expect(reply!.response_type).toBe('in_channel');
    expect(readable(reply)).toMatch(/<@U0ALICE> muted Stockton-on-Tees in this channel until \d+ \w+ \d{4}/);
    for (const sub of await channelSubs()) {
      const until = Date.parse(sub.mutedUntil?.['80563'] ?? '');
      expect(until - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
      expect(until - before).toBeLessThan(7 * 86_400_000 + 60_000);
    }
    expect(readable((await app.command('list')).reply)).toMatch(/muted: Stockton-on-Tees until/);
    // A new subscription in the channel that brings the council keeps the mute.
    await app.command('subscribe all');
    expect((await channelSubs()).every((s) => s.mutedUntil?.['80563'])).toBe(true);
    expect(readable((await app.command('mute Stockton-on-Tees 0')).reply)).toMatch(/unmuted Stockton-on-Tees/);
    expect((await channelSubs()).map((s) => s.mutedUntil?.['80563'])).toEqual([undefined, undefined, undefined]);
  });

  it('does not mute a council the channel gets no alerts for, nor for longer than a year', async () => {
    await app.command('subscribe Tameside');
    expect(readable((await app.command('mute Birmingham 3')).reply)).toMatch(/This channel has no subscription for Birmingham\. Nothing was changed/);
    expect(readable((await app.command('mute Tameside 400')).reply)).toMatch(/did not understand `mute Tameside 400`: mute for at most 365 days/);
    expect((await channelSubs())[0]!.mutedUntil).toBeUndefined();
  });
});

describe('/ofsted status', () => {
  it('shows the latest grades, the one before, open areas for priority action, the last events and links', async () => {
    await putInspection(app.db, record({ fileId: '2588912', published: '2016-08-05', framework: 'sif', overall: 'good' }));
    await putInspection(app.db, record({ fileId: '50097839', published: '2019-07-01', overall: 'requires_improvement', judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCareAndCareLeavers: 'good' } }));
    await putInspection(app.db, record({ fileId: '50199702', published: '2022-10-28', kind: 'focused_visit', overall: null, publicationType: "Children's services focused visit", priorityActions: STOCKTON_PRIORITY_ACTIONS }));
    await recordEvent(app.db, SAMPLE_EVENTS.downgrade);
    await recordEvent(app.db, SAMPLE_EVENTS.urgent_action);
    const { reply } = await app.command('status Stockton Borough Council');
    const text = readable(reply);
    expect(reply!.response_type).toBe('ephemeral');
    expect(text).toMatch(/\*Latest grades\* \(<http:\/\/files\.example\/v1\/file\/50097839\|Children's services inspection, 1 July 2019>\)\n\*Overall effectiveness: Requires improvement\*\nImpact of leaders on social work practice: Requires improvement/);
    expect(text).toMatch(/Children in care and care leavers: Good/);
    expect(text).toMatch(/_Before: Good \(Children's services inspection, 5 August 2016\)_/);
    expect(text).toMatch(/\*Open areas for priority action \(3\)\*/);
    expect(text).toMatch(/1\. The identification and screening of risk and need\./);
    expect(text).toMatch(/\*Last events\*\n• 28 October 2022: <[^|]+\|3 areas for priority action> _\(2 sources\)_\n• 1 July 2019: <[^|]+\|downgraded to Requires improvement>/);
    expect(text).toMatch(/<http:\/\/reports\.example\/provider\/44\/80563\|Stockton-on-Tees on the Ofsted reports site> · URN 80563/);
    expect(reply!.text).toBe('Stockton-on-Tees: Requires improvement at the latest inspection; 3 open areas for priority action');
  });

  it('says when nothing is on record yet, still linking the council\'s Ofsted page', async () => {
    const text = readable((await app.command('status Stoke')).reply);
    expect(text).toMatch(/no reports of Stoke-on-Trent on record yet/);
    expect(text).toMatch(/<https:\/\/reports\.ofsted\.gov\.uk\/provider\/44\/80564\|Stoke-on-Trent on the Ofsted reports site>/);
  });
});

describe('/ofsted help and anything else', () => {
  it('answers help, and an unknown line with the help and the line it did not understand (escaped)', async () => {
    const help = readable((await app.command('help')).reply);
    for (const verb of ['subscribe', 'unsubscribe', 'list', 'mute', 'status', 'help']) expect(help).toContain(`*/ofsted ${verb}*`);
    const { reply } = await app.command('subscribe-me <!channel> now');
    expect(reply!.response_type).toBe('ephemeral');
    expect(readable(reply)).toMatch(/Sorry, I did not understand `subscribe-me &lt;!channel&gt; now`: "subscribe-me" is not a command\./);
    expect(readable(reply)).toContain('*/ofsted status*');
    expect(readable((await app.command('')).reply)).toContain('*/ofsted subscribe*');
  });
});

describe('who is served', () => {
  it('serves only the configured workspace: another team\'s command changes nothing', async () => {
    const { status, reply } = await app.command('subscribe Tameside', { teamId: 'T0STRANGER' });
    expect(status).toBe(200);
    expect(readable(reply)).toMatch(/serves one Slack workspace, and it is not this one\. Nothing was changed/);
    expect(await listSubscriptions(app.db)).toEqual([]);
  });
});

describe('request signatures', () => {
  const refusedAndUnchanged = async (result: Promise<{ status: number; reply: unknown }>) => {
    const { status, reply } = await result;
    expect(status).toBe(401);
    expect(reply).toBeNull();
    expect(await listSubscriptions(app.db)).toEqual([]);
  };

  it('refuses a request with no signature, or signed with another secret', async () => {
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { headers: { 'x-slack-signature': '' } }));
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { secret: 'not-the-secret' }));
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { headers: { 'x-slack-request-timestamp': '' } }));
  });

  it('refuses a body changed after it was signed', async () => {
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { tamper: (body) => body.replace('Tameside', 'Birmingham') }));
  });

  it('refuses a replay: a correctly signed request more than five minutes old, or dated ahead of the clock', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { timestamp: now - 301 }));
    await refusedAndUnchanged(app.command('subscribe Tameside', {}, { timestamp: now + 400 }));
    // Within the window the same request is answered (Slack retries), and is idempotent.
    expect((await app.command('subscribe Tameside', {}, { timestamp: now - 200 })).status).toBe(200);
    expect((await app.command('subscribe Tameside', {}, { timestamp: now - 200 })).status).toBe(200);
    expect(await channelSubs()).toHaveLength(1);
  });

  it('reads a form sent with a charset, as clients often send it', async () => {
    const { status } = await app.command('list', {}, { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    expect(status).toBe(200);
  });

  it('never writes the signing secret, a signature, the verification token or a response_url in a log line', async () => {
    await app.command('subscribe Tameside', {}, { secret: 'wrong' });
    await app.command('status Tameside');
    const logs = app.logs.join('\n');
    expect(app.logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toMatch(/v0=[0-9a-f]{16}/);
    expect(logs).not.toContain('local-verification-token');
    expect(logs).not.toMatch(/hooks\.slack\.com\/commands/);
  });
});
