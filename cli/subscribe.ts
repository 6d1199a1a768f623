import { ENVIRONMENT_HELP, slackBaseUrlFrom } from './table-environment.ts';
import { DEFAULT_DELIVERY_OPTIONS } from '#shared/alerts/delivery-context.ts';
import { buildTestMessage } from '#shared/alerts/message.ts';
import { awsSecretResolver, webhookFromSecretValue } from '#shared/alerts/secrets.ts';
import { slackWebhookSenders, type SendResult } from '#shared/alerts/sender.ts';
import {
  describeDelivery,
  describeInspections,
  describeKinds,
  describeTarget,
  isInspectionArea,
  webhookIdentity,
  type Subscription,
  type SubscriptionTarget,
  type WebhookRef,
} from '#shared/alerts/subscription.ts';
import { createSubscription, listSubscriptions, newSubscriptionId } from '#shared/alerts/subscription-store.ts';
import { checkWebhookUrl } from '#shared/alerts/webhook-url.ts';
import { councilsTarget, regionsTarget, resolveKinds, SubscriptionRequestError, targetKey } from '#shared/alerts/subscription-request.ts';
import { SECRET_NAME } from '#shared/alerts/default-subscription.ts';
import { webhookSecretRules } from '#shared/runtime/settings-file.ts';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ALERT_KINDS, EVENT_KINDS, INSPECTION_AREAS, type EventKind, type InspectionArea } from '#shared/domain/events.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';
import { runWithTable, webhookLabel } from './subscription-io.ts';

const HELP = `Usage: ofsted-watch subscribe --webhook URL (--council NAME ... | --region NAME ... | --all) [options]

Sends Slack alerts to a channel when Ofsted downgrades a council's children's
services or tells it to take urgent action.

Where alerts go (one of):
  --webhook URL            a Slack incoming webhook, https://hooks.slack.com/services/T…/B…/…
                           (Slack: Apps → Incoming Webhooks → Add to Slack). The URL is a secret:
                           it is kept in the table and never printed in full.
  --webhook-secret NAME    the name of an AWS Secrets Manager secret holding the webhook URL; it must
                           start with the deployment's webhookSecretPrefix (default ofsted-watch/),
                           the only secrets deliver-alerts may read

Which councils (one kind, repeat the option for several):
  --council NAME|URN|ONS   a council by name ("Stockton", "Hull", "BCP"), Ofsted URN or ONS code
  --region NAME            every council in an English region ("North East", "London", "Yorkshire")
  --all                    every council

What and how:
  --events KINDS           comma-separated, or "all". Default: ${DEFAULT_ALERT_KINDS.join(',')}
                           Kinds: ${EVENT_KINDS.join(', ')}
  --inspections AREAS      which inspections' alerts, comma-separated: childrens_services (inspections,
                           focused and monitoring visits, JTAIs) and send (area SEND inspections by
                           Ofsted and CQC of the local area partnership). Default: both.
                           Children's social care only: --inspections childrens_services
  --digest daily           one message a day after ${String(DEFAULT_DELIVERY_OPTIONS.digestHour).padStart(2, '0')}:00 UK time instead of one per event
  --test                   send a sample message first; the subscription is saved only if Slack accepts it
  --json                   print the new subscription as JSON
  -h, --help               show this help

${ENVIRONMENT_HELP}

Examples:
  npx --no-install ofsted-watch subscribe --webhook https://hooks.slack.com/services/T0…/B0…/… --council Stockton --council "Stoke-on-Trent" --test
  npx --no-install ofsted-watch subscribe --webhook-secret ofsted-watch/newsroom --region "North East" --events downgrade,urgent_action,upgrade --digest daily`;

/** Turns a request problem (unknown council, region or kind) into a usage error with the option's name. */
function asUsage<T>(option: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SubscriptionRequestError) throw new UsageError(`${option ? `${option}: ` : ''}${error.message}`);
    throw error;
  }
}

function parseKinds(value: string | undefined): EventKind[] {
  return asUsage('--events', () => resolveKinds(value === undefined ? undefined : value.split(',')));
}

/** The inspection areas wanted; undefined (both, the default) when the option is absent or names both. */
function parseInspections(value: string | undefined): InspectionArea[] | undefined {
  if (value === undefined) return undefined;
  const words = value.split(',').map((w) => w.trim().toLowerCase().replace(/-/g, '_')).filter(Boolean).map((w) => (w === 'area_send' ? 'send' : w));
  const bad = words.filter((w) => !isInspectionArea(w));
  if (bad.length || words.length === 0) {
    throw new UsageError(`--inspections: ${bad.length ? `"${bad.join('", "')}" is not one of` : 'give one or both of'} ${INSPECTION_AREAS.join(', ')}.`);
  }
  const areas = INSPECTION_AREAS.filter((a) => words.includes(a));
  return areas.length === INSPECTION_AREAS.length ? undefined : areas;
}

function parseTarget(councils: string[], regions: string[], all: boolean): SubscriptionTarget {
  const kinds = [councils.length > 0, regions.length > 0, all].filter(Boolean).length;
  if (kinds === 0) throw new UsageError('say which councils: --council NAME (repeatable), --region NAME (repeatable) or --all.');
  if (kinds > 1) throw new UsageError('use only one of --council, --region and --all (make two subscriptions for a mix).');
  if (all) return { type: 'all' };
  if (regions.length) return asUsage('', () => regionsTarget(regions));
  return asUsage('', () => councilsTarget(councils));
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A secret deliver-alerts may read: its name starts with the deployment's
 * webhook secret prefix (IAM allows no other), or it is the default
 * subscription's. Anything else would be saved and never deliver.
 */
function checkSecretName(secret: string): void {
  if (!SECRET_NAME.test(secret)) throw new UsageError('--webhook-secret must be a Secrets Manager secret name (letters, digits and /_+=.@-), not a URL.');
  const rules = webhookSecretRules(PROJECT_ROOT);
  if (secret.startsWith(rules.prefix) || secret === rules.defaultSecret) return;
  const suggestion = `${rules.prefix}${secret.split('/').filter(Boolean).pop() ?? 'slack-webhook'}`;
  throw new UsageError(
    `--webhook-secret "${secret}": deliver-alerts may read only secrets whose names start with "${rules.prefix}" (webhookSecretPrefix, ${rules.from === 'the default' ? 'the default' : `from ${rules.from}`}), so this subscription could never deliver. Store the webhook under a name such as "${suggestion}".`,
  );
}

function parseWebhook(url: string | undefined, secret: string | undefined): WebhookRef {
  if (url !== undefined && secret !== undefined) throw new UsageError('give --webhook or --webhook-secret, not both.');
  if (secret !== undefined) {
    checkSecretName(secret);
    return { type: 'secret', secretName: secret };
  }
  if (url === undefined) throw new UsageError('say where alerts go: --webhook https://hooks.slack.com/services/T…/B…/… (or --webhook-secret NAME).');
  const check = checkWebhookUrl(url);
  if (!check.ok) throw new UsageError(`--webhook: ${check.message}.`);
  return { type: 'url', url: check.url };
}

function sameTarget(a: SubscriptionTarget, b: SubscriptionTarget): boolean {
  return targetKey(a) === targetKey(b);
}

function explainTestFailure(result: Exclude<SendResult, { outcome: 'sent' }>): string {
  switch (result.outcome) {
    case 'dead':
      return `Slack says this webhook is dead (${result.status} ${result.code}): the channel may be archived or the app removed. Make a new webhook in Slack.`;
    case 'rejected':
      return `Slack refused the test message (${result.status} ${result.code}).`;
    case 'rate_limited':
      return 'Slack is rate-limiting this webhook: try again in a few seconds.';
    case 'retry':
      return `could not deliver the test message (${result.status ?? result.code}): Slack or the network failed; try again.`;
  }
}

async function sendTest(sub: Subscription, io: CliIo): Promise<boolean> {
  let url: string;
  if (sub.webhook.type === 'secret') {
    try {
      url = webhookFromSecretValue(await awsSecretResolver().resolve(sub.webhook.secretName));
    } catch (error) {
      io.err(`ofsted-watch subscribe: cannot read the secret "${sub.webhook.secretName}" (${(error as Error).name}); nothing saved.`);
      return false;
    }
    const check = checkWebhookUrl(url);
    if (!check.ok) {
      io.err(`ofsted-watch subscribe: the secret "${sub.webhook.secretName}" does not hold a webhook URL: ${check.message}; nothing saved.`);
      return false;
    }
  } else if (sub.webhook.type === 'url') {
    url = sub.webhook.url;
  } else {
    return true; // a channel subscription is made in Slack, which has answered already
  }
  const result = await slackWebhookSenders({ baseUrl: slackBaseUrlFrom(process.env) })(url).send(buildTestMessage(sub, DEFAULT_DELIVERY_OPTIONS.digestHour));
  if (result.outcome === 'sent') return true;
  io.err(`ofsted-watch subscribe: ${explainTestFailure(result)} Nothing saved.`);
  return false;
}

export const command: Command = {
  name: 'subscribe',
  summary: 'send Slack alerts for councils (or a region, or all) to a channel',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        webhook: { type: 'string' },
        'webhook-secret': { type: 'string' },
        council: { type: 'string', multiple: true },
        region: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        events: { type: 'string' },
        inspections: { type: 'string' },
        digest: { type: 'string' },
        test: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length) throw new UsageError(`unexpected argument${positionals.length > 1 ? 's' : ''} ${positionals.map((p) => (checkWebhookUrl(p).ok || /hooks\.slack/.test(p) ? '(a webhook URL: put it after --webhook)' : `"${p}"`)).join(' ')}.`);
    const webhook = parseWebhook(values.webhook, values['webhook-secret']);
    const target = parseTarget(values.council ?? [], values.region ?? [], values.all ?? false);
    const events = parseKinds(values.events);
    const inspections = parseInspections(values.inspections);
    if (values.digest !== undefined && values.digest !== 'daily') throw new UsageError(`--digest: only "daily" is supported (got "${values.digest}").`);
    const delivery = values.digest === 'daily' ? 'daily' : 'instant';

    return runWithTable('subscribe', io, async ({ table }) => {
      const identity = webhookIdentity(webhook);
      const existing = (await listSubscriptions(table)).find(
        (s) =>
          webhookIdentity(s.webhook) === identity &&
          sameTarget(s.target, target) &&
          s.delivery === delivery &&
          s.events.join() === events.join() &&
          (s.inspections ?? []).join() === (inspections ?? []).join(),
      );
      const now = new Date().toISOString();
      const sub: Subscription = existing ?? {
        id: newSubscriptionId(),
        target,
        events,
        ...(inspections ? { inspections } : {}),
        delivery,
        webhook,
        status: 'active',
        broken: null,
        createdAt: now,
        updatedAt: now,
      };
      if (values.test && !(await sendTest(sub, io))) return 1;
      if (!existing) await createSubscription(table, sub);
      if (values.json) {
        io.out(JSON.stringify({ id: sub.id, created: !existing, target, events, inspections: inspections ?? [...INSPECTION_AREAS], delivery, webhook: webhookLabel(sub), testSent: values.test ?? false }));
        return 0;
      }
      io.out(existing ? `Already subscribed: ${sub.id} (nothing changed).` : `Subscribed: ${sub.id}`);
      io.out(`  Councils: ${describeTarget(target, 10)}`);
      io.out(`  Alerts:   ${describeKinds(events)}, ${describeDelivery(delivery, DEFAULT_DELIVERY_OPTIONS.digestHour)}`);
      io.out(`  About:    ${describeInspections(inspections)}`);
      io.out(`  Channel:  ${webhookLabel(sub)}`);
      if (values.test) io.out('Sent a test message: check the channel.');
      io.out(`Stop with: npx --no-install ofsted-watch unsubscribe ${sub.id}`);
      return 0;
    });
  },
};
