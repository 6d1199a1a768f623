/**
 * The whole path a newsroom takes, on real parts: `/ofsted subscribe
 * Stockton-on-Tees` typed in a channel (a signed request to `local`'s endpoint),
 * the baseline scan of the Ofsted site replay (153 councils, real PDFs), Ofsted
 * publishing Stockton-on-Tees's 2019 report, the scheduled scan and delivery,
 * and the downgrade alert posted by the bot in that channel, once; then
 * `/ofsted status` answering from the records the scan made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '#shared/runtime/log.ts';
import { fixturePublications, fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { slackSignatureHeaders, slashCommandBody } from '#devkit/slash-command.ts';
import { startLocalStack, type LocalStack } from '#devkit/stack.ts';
import { startSlackEndpoint, type SlackEndpoint } from '../cli/slack-endpoint.ts';
import { readable, type SlackJson } from './helpers/slack-app.ts';

const SECRET = 'e2e-signing-secret';
const CHANNEL = 'C0TEESSIDE';
let stack: LocalStack;
let endpoint: SlackEndpoint;

beforeAll(async () => {
  stack = await startLocalStack({ model: fixtureSiteModel({ until: '2019-07-01' }), logger: silentLogger, start: new Date('2019-06-30T18:00:00Z') });
  endpoint = await startSlackEndpoint({
    env: { OFSTED_WATCH_DYNAMO_ENDPOINT: stack.db.endpoint, OFSTED_WATCH_TABLE: stack.db.tableName, OFSTED_WATCH_SLACK_SIGNING_SECRET: SECRET, OFSTED_WATCH_SLACK_TEAM_ID: 'T0GAZETTE' },
    slackBaseUrl: stack.slack.baseUrl,
    logger: createLogger({ level: 'error', write: () => {} }),
  });
}, 60_000);
afterAll(async () => {
  await endpoint?.close();
  await stack?.close();
});

async function ofsted(text: string): Promise<SlackJson> {
  const body = slashCommandBody({ teamId: 'T0GAZETTE', channelId: CHANNEL, userId: 'U0EDITOR', text });
  const response = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(SECRET, body) }, body });
  expect(response.status).toBe(200);
  return (await response.json()) as SlackJson;
}

describe('from /ofsted subscribe to the alert in the channel', () => {
  // One story, in order: the status answer needs the records the scans made (the suite passes in any order).
  it('posts Stockton-on-Tees\'s 2019 downgrade in the channel that subscribed, once, and nothing for the baseline; /ofsted status then answers from the reports the scan read', async () => {
    expect(readable(await ofsted('subscribe Stockton-on-Tees'))).toMatch(/subscribed this channel's alerts:\n• Stockton-on-Tees: downgrades and urgent action/);

    await stack.scan(); // the baseline: ten years of reports, no alerts
    await stack.deliver();
    expect(stack.slack.api.messages()).toEqual([]);

    const report = fixturePublications().find((p) => p.urn === '80563' && p.published === '2019-07-01')!;
    stack.site.publish(report);
    stack.clock.set(new Date('2019-07-01T18:00:00Z'));
    const scan = await stack.scan();
    expect(scan.events.created).toBe(1);
    const delivery = await stack.deliver();
    expect(delivery).toMatchObject({ sent: 1, failed: 0, brokenSubscriptions: [] });

    const [alert, ...more] = stack.slack.api.messages();
    expect(more).toEqual([]);
    expect(alert!.channel).toBe(CHANNEL);
    expect(alert!.threadTs).toBeUndefined();
    const header = (alert!.payload.blocks as { type: string; text: { text: string } }[])[0]!;
    expect(header).toEqual({ type: 'header', text: expect.objectContaining({ text: '🔻 Stockton-on-Tees: downgraded to Requires improvement' }) });
    expect(JSON.stringify(alert!.payload.blocks)).toMatch(/\/v1\/file\/\d+/); // a link to the report
    expect(stack.slack.messages()).toEqual([]); // no webhook was involved

    stack.clock.set(new Date('2019-07-01T18:15:00Z'));
    await stack.scan();
    expect(await stack.deliver()).toMatchObject({ sent: 0 });
    expect(stack.slack.api.messages()).toHaveLength(1);

    const text = readable(await ofsted('status Stockton'));
    expect(text).toMatch(/\*Overall effectiveness: Requires improvement\*/);
    expect(text).toMatch(/_Before: Good/);
    expect(text).toMatch(/\*Last events\*\n• 1 July 2019: <[^|]+\|downgraded to Requires improvement>/);
    expect(text).toMatch(/Stockton-on-Tees on the Ofsted reports site/);
  }, 120_000);
});
