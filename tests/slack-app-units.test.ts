/**
 * The slash command's pure parts (what a line asks for), and the slow path:
 * a command that outlives its budget is acknowledged at once and answered
 * through response_url (the local Slack stand-in records it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlashCommand } from '#shared/slack-app/command.ts';
import { slackCommandsService } from '#shared/slack-app/service.ts';
import { createLogger } from '#shared/runtime/log.ts';
import { listSubscriptions } from '#shared/alerts/subscription-store.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { slashCommandEvent } from '#devkit/slash-command.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';

describe('parseSlashCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['subscribe Stockton-on-Tees', { name: 'subscribe', target: 'Stockton-on-Tees', kinds: undefined, digest: false }],
    ['subscribe  “Stoke on Trent”  downgrade', { name: 'subscribe', target: 'Stoke on Trent', kinds: ['downgrade'], digest: false }],
    ['subscribe North East downgrade,upgrade urgent-action digest daily', { name: 'subscribe', target: 'North East', kinds: ['downgrade', 'upgrade', 'urgent_action'], digest: true }],
    ['subscribe all all-kinds daily', { name: 'subscribe', target: 'all', kinds: 'all', digest: true }],
    ['subscribe Tameside --events upgrade --digest daily', { name: 'subscribe', target: 'Tameside', kinds: ['upgrade'], digest: true }],
    ['SUBSCRIBE Bournemouth, Christchurch and Poole', { name: 'subscribe', target: 'Bournemouth, Christchurch and Poole', kinds: undefined, digest: false }],
    ['unsubscribe all', { name: 'unsubscribe', target: 'all' }],
    ['list', { name: 'list' }],
    ['mute Tameside 7', { name: 'mute', council: 'Tameside', days: 7 }],
    ['mute Kingston upon Hull for 14 days', { name: 'mute', council: 'Kingston upon Hull', days: 14 }],
    ['mute Hull 0', { name: 'mute', council: 'Hull', days: 0 }],
    ['status Stoke-on-Trent', { name: 'status', council: 'Stoke-on-Trent' }],
  ])('%j', (text, expected) => {
    expect(parseSlashCommand(text)).toEqual(expected);
  });

  it.each([
    ['subscribe', /say what to subscribe to/],
    ['subscribe downgrade', /say what to subscribe to/],
    ['subscribe Tameside --frobnicate', /"--frobnicate" is not an option/],
    ['unsubscribe', /say what to unsubscribe from/],
    ['mute Tameside', /for how many days/],
    ['mute Tameside forever', /for how many days/],
    ['status', /say which council/],
    ['list Tameside', /takes no council/],
    ['delete everything', /"delete" is not a command/],
  ])('%j is not understood', (text, problem) => {
    const command = parseSlashCommand(text);
    expect(command.name).toBe('not_understood');
    expect(command.name === 'not_understood' && command.problem).toMatch(problem);
  });
});

describe('a command slower than Slack\'s 3 seconds', () => {
  let db: LocalDynamo;
  let slack: SlackReceiver;
  beforeAll(async () => {
    db = await startLocalDynamo();
    slack = await startSlackReceiver();
  });
  afterAll(async () => {
    await slack.close();
    await db.close();
  });

  it('is acknowledged within the budget with "working on it", then answered through response_url', async () => {
    const secret = 'slow-path-secret';
    let slowTable = true;
    const service = slackCommandsService({
      // The table takes a second to open, far over the 50 ms budget here.
      table: async () => {
        if (slowTable) await new Promise((resolve) => setTimeout(resolve, 1000));
        return { table: db, release: async () => {} };
      },
      secrets: { resolve: async () => secret },
      signingSecretName: 'local',
      teamId: 'T0NEWS',
      digestHour: 8,
      slackBaseUrl: slack.baseUrl,
      budgetMs: 50,
    });
    const logger = createLogger({ level: 'warn', write: () => {} });
    const responseUrl = 'https://hooks.slack.com/commands/T0NEWS/1234/abcdef0123';
    const started = Date.now();
    const result = await service.http(slashCommandEvent(secret, { teamId: 'T0NEWS', channelId: 'C0SLOW', userId: 'U0BOB', text: 'subscribe Tameside', responseUrl }), logger);
    expect(Date.now() - started).toBeLessThan(900);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Working on it/) });
    expect(slack.responses()).toEqual([]);
    for (let i = 0; i < 50 && slack.responses().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const [answer, ...more] = slack.responses();
    expect(more).toEqual([]);
    expect(answer!.path).toBe('/commands/T0NEWS/1234/abcdef0123');
    expect(answer!.payload).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/<@U0BOB> subscribed this channel's alerts:\n• Tameside/) });
    expect((await listSubscriptions(db)).map((s) => s.webhook)).toEqual([{ type: 'channel', teamId: 'T0NEWS', channelId: 'C0SLOW' }]);
    slowTable = false;
  });
});
