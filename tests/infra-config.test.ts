/** Deploy configuration: defaults that synthesize on a fresh clone, and errors that say what to fix. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSpec, scheduleTrigger } from '#shared/runtime/registry.ts';
import { DeployConfigError, parseDeployConfig, PLACEHOLDER_CONTACT_URL } from '../infra/config.ts';
import { readSettingsFile, SETTINGS_EXAMPLE } from '#shared/runtime/settings-file.ts';

const root = new URL('..', import.meta.url).pathname;
const shipped = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const base = { ...shipped, 'ofsted-watch:contactUrl': 'https://example.org/contact' };

function problems2(context: Record<string, unknown>, file: Parameters<typeof parseDeployConfig>[1]): string[] {
  try {
    parseDeployConfig(context, file);
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  return [];
}

function problems(context: Record<string, unknown>): string[] {
  try {
    parseDeployConfig(context);
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('deploy config', () => {
  it('with no settings at all (a fresh clone) is a preview: the placeholder contact URL, and a warning that it cannot be deployed', () => {
    expect(Object.keys(shipped).filter((key) => key.startsWith('ofsted-watch:'))).toEqual([]); // settings never live in cdk.json
    const config = parseDeployConfig(shipped);
    expect(config.contactUrl).toBe(PLACEHOLDER_CONTACT_URL);
    expect(config.preview).toBe(true);
    expect(config.warnings).toEqual([expect.stringContaining('contactUrl is not set (it is still the placeholder): this is a preview, and CloudFormation will refuse to deploy it. Set contactUrl in ofsted-watch.config.json')]);
    expect(config).toMatchObject({ stackName: 'OfstedWatch', timeZone: 'Europe/London', logRetentionDays: 90, webhookSecretPrefix: 'ofsted-watch/' });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.defaultSubscription).toBeUndefined();
    expect(config.schedules['ofsted-scan']).toEqual(scheduleTrigger(functionSpec('ofsted-scan'))!.expressions);
  });

  it('reads the settings file, names its problems by the file, and lets -c override a key for one run', () => {
    const example = readSettingsFile(root, { OFSTED_WATCH_CONFIG: join(root, SETTINGS_EXAMPLE) });
    if (!example || 'problems' in example) throw new Error('the example settings file must read');
    // The example as committed: every key valid, but its contact URL is the placeholder, so a copy left unedited cannot deploy.
    expect(parseDeployConfig(shipped, example)).toMatchObject({ preview: true, alarmEmail: expect.any(String), defaultSubscription: { councilUrns: ['80563', '80564'] } });
    const file = { name: 'ofsted-watch.config.json', settings: { ...example.settings, contactUrl: 'https://example.org/contact', logRetentionDays: 30 } };
    expect(parseDeployConfig(shipped, file)).toMatchObject({ preview: false, warnings: [], contactUrl: 'https://example.org/contact', logRetentionDays: 30 });
    expect(parseDeployConfig({ ...shipped, 'ofsted-watch:logRetentionDays': '365' }, file).logRetentionDays).toBe(365);
    expect(problems2({ ...shipped, 'ofsted-watch:timeZone': 'Mars' }, { ...file, settings: { ...file.settings, alarmEmail: 'nope', stackname: 'x' } })).toEqual([
      'ofsted-watch.config.json: alarmEmail "nope" is not an email address',
      'ofsted-watch:timeZone "Mars" is not an IANA time zone such as Europe/London',
      expect.stringContaining('ofsted-watch.config.json: stackname is not a setting'),
    ]);
    expect(readSettingsFile(root, { OFSTED_WATCH_CONFIG: join(root, 'no-such.json') })).toEqual({ problems: [expect.stringContaining('no-such.json, which does not exist')] });
    expect(() => parseDeployConfig({ ...shipped, 'ofsted-watch:alarmEmail': 'x' })).toThrow(/Set values in ofsted-watch.config.json \(start from ofsted-watch.config.example.json/);
  });

  it('requires the contact URL, when set, to be https', () => {
    expect(problems({ ...shipped, 'ofsted-watch:contactUrl': 'http://example.org/contact' })).toEqual([expect.stringContaining('must be an https:// URL')]);
    expect(problems({ ...shipped, 'ofsted-watch:contactUrl': 'mailto:me@example.org' })).toEqual([expect.stringContaining('must be an https:// URL')]);
  });

  it('takes values given on the command line as strings, JSON for objects', () => {
    const config = parseDeployConfig({
      ...base,
      'ofsted-watch:logRetentionDays': '365',
      'ofsted-watch:schedules': '{"news-scan": ["rate(1 hour)"]}',
      'ofsted-watch:defaultSubscription': '{"webhookSecretName": "ow/slack", "councils": ["Hull", "stoke"], "kinds": ["downgrade"]}',
      'ofsted-watch:alarmEmail': 'ops@example.org',
      'ofsted-watch:newsFeeds': '[{"id": "cc", "outlet": "Community Care", "url": "https://www.communitycare.co.uk/feed/"}]',
    });
    expect(config.newsFeeds).toEqual([{ id: 'cc', outlet: 'Community Care', url: 'https://www.communitycare.co.uk/feed/', allowedHosts: ['www.communitycare.co.uk'] }]);
    expect(config.logRetentionDays).toBe(365);
    expect(config.schedules['news-scan']).toEqual(['rate(1 hour)']);
    expect(config.schedules['deliver-alerts']).toEqual(['rate(5 minutes)']);
    expect(config.defaultSubscription).toEqual({ webhookSecretName: 'ow/slack', councilUrns: [expect.any(String), '80564'], kinds: ['downgrade'] });
    expect(config.alarmEmail).toBe('ops@example.org');
  });

  it('resolves subscription councils through the register, with suggestions for near misses', () => {
    const found = parseDeployConfig({ ...base, 'ofsted-watch:defaultSubscription': { webhookSecretName: 'ow/slack', councils: ['Stockton Borough Council', '80563', 'E06000004'] } });
    expect(found.defaultSubscription?.councilUrns).toEqual(['80563']);
    const [problem] = problems({ ...base, 'ofsted-watch:defaultSubscription': { webhookSecretName: 'ow/slack', councils: ['Stockon-on-Tees'] } });
    expect(problem).toMatch(/"Stockon-on-Tees" is not a council in the register; did you mean "Stockton-on-Tees"/);
  });

  it('refuses schedules that would start a run before the last one may have finished', () => {
    expect(problems({ ...base, 'ofsted-watch:schedules': { 'ofsted-scan': ['rate(5 minutes)'] } }))
      .toEqual([expect.stringMatching(/schedules\.ofsted-scan: runs can start 5 minutes apart, but ofsted-scan may run for up to 14 minutes/)]);
    // Two schedules that each look fine but fire together.
    expect(problems({ ...base, 'ofsted-watch:schedules': { 'news-scan': ['cron(0 * ? * * *)', 'cron(2 * ? * MON *)'] } }))
      .toEqual([expect.stringContaining('runs can start 2 minutes apart')]);
    expect(problems({ ...base, 'ofsted-watch:schedules': { 'news-scan': ['rate(1 hour)'], 'deliver-alerts': ['rate(10 minutes)'] } })).toEqual([]);
  });

  it('refuses a webhook URL where a secret name belongs', () => {
    expect(problems({ ...base, 'ofsted-watch:defaultSubscription': { webhookSecretName: 'https://hooks.slack.com/services/T1/B2/c3', councils: ['Hull'] } }))
      .toEqual([expect.stringContaining('not the URL itself')]);
  });

  it('lists every problem at once, each naming its key', () => {
    const found = problems({
      ...base,
      'ofsted-watch:alarmEmail': 'not-an-email',
      'ofsted-watch:logRetentionDays': 10,
      'ofsted-watch:timeZone': 'London',
      'ofsted-watch:schedules': { 'ofsted-scan': ['cron(0 7 * * MON-FRI *)'], 'deliver-alerts': [], 'parse-report': ['rate(1 hour)'] },
      'ofsted-watch:defaultSubscription': { webhookSecretName: 'ow/slack', councils: [], kinds: ['everything'], channel: '#x' },
      'ofsted-watch:account': '1234',
      'ofsted-watch:region': 'London',
      'ofsted-watch:contactURL': 'https://example.org',
      'ofsted-watch:newsFeeds': [{ id: 'Bad Id', outlet: 'x', url: 'https://example.org/feed' }],
      'ofsted-watch:webhookSecretPrefix': '*',
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringContaining('ofsted-watch:contactURL is not a setting'),
      expect.stringContaining('alarmEmail "not-an-email" is not an email address'),
      expect.stringContaining('timeZone "London" is not an IANA time zone'),
      expect.stringContaining('schedules.ofsted-scan: "cron(0 7 * * MON-FRI *)": exactly one of day-of-month and day-of-week must be "?"'),
      expect.stringContaining('schedules.deliver-alerts must be a non-empty list'),
      expect.stringContaining('"parse-report" is not a scheduled function'),
      expect.stringContaining('logRetentionDays 10 must be one of 1, 3, 5, 7, 14, 30'),
      expect.stringContaining('defaultSubscription.channel is not a setting'),
      expect.stringContaining('defaultSubscription.councils must be a non-empty list'),
      expect.stringContaining('defaultSubscription.kinds: "everything" is not an event kind'),
      expect.stringContaining('account "1234" must be a 12-digit AWS account id'),
      expect.stringContaining('region "London" is not an AWS region'),
      expect.stringContaining('newsFeeds: feed 1: id must be lower-case letters'),
      expect.stringContaining('webhookSecretPrefix "*" must be a secret name prefix'),
    ]));
    expect(found).toHaveLength(14);

  });
});

describe('deploy config: ofsted-watch:slack', () => {
  it('takes the team id, with the secret names defaulting under the webhook secret prefix', () => {
    expect(parseDeployConfig({ ...base, 'ofsted-watch:slack': '{"teamId": "T0123ABCD"}' }).slack).toEqual({
      teamId: 'T0123ABCD', signingSecretName: 'ofsted-watch/slack-signing-secret', botTokenSecretName: 'ofsted-watch/slack-bot-token',
    });
    expect(parseDeployConfig(base).slack).toBeUndefined();
  });

  it('refuses a team id that is not one, a token or URL where a secret name belongs, and unknown keys', () => {
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'newsroom' } })).toEqual([expect.stringContaining('ofsted-watch:slack.teamId must be your Slack workspace\'s team id')]);
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'T0123ABCD', botTokenSecretName: 'xoxb-1234-5678-abcdef' } })).toEqual([expect.stringContaining('botTokenSecretName must be the name of a Secrets Manager secret')]);
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'T0123ABCD', token: 'x' } })).toEqual([expect.stringContaining('ofsted-watch:slack.token is not a setting')]);
  });
});
