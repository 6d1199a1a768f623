/**
 * The deployment's default subscription: the one type for it, and the one
 * schema of the JSON the stack passes in DEFAULT_SUBSCRIPTION (checked at synth
 * and when deliver-alerts starts). The deploy config resolves council names to
 * URNs and names a Secrets Manager secret, never a webhook URL. Pure.
 */
import * as v from 'valibot';
import { councilRef } from '../domain/council.ts';
import { DEFAULT_ALERT_KINDS, EVENT_KINDS, type EventKind } from '../domain/events.ts';
import { councilByUrn } from '../register/register.ts';
import type { SubscriptionTarget } from './subscription.ts';
import type { SubscriptionStore } from './ports.ts';

/** Id of the subscription made from the deploy config's defaultSubscription. */
export const DEFAULT_SUBSCRIPTION_ID = 'default';

/** deliver-alerts may read the secrets whose names start with this, unless the deployment sets its own webhookSecretPrefix. */
export const DEFAULT_WEBHOOK_SECRET_PREFIX = 'ofsted-watch/';

/** Secrets Manager's secret names: letters, digits and /_+=.@- */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** A Secrets Manager secret's name (a URL has a ":", which no secret name has: the message says where the URL goes instead). */
export const WebhookSecretNameSchema = v.pipe(
  v.string(' must name a secret'),
  v.regex(SECRET_NAME, ' must be the name of a Secrets Manager secret holding the Slack webhook URL (letters, digits and /_+=.@-), not the URL itself'),
);

/** The event kinds to alert on: absent means the product's default. */
export const EventKindsSchema = v.pipe(
  v.array(v.picklist(EVENT_KINDS, (issue) => `: "${String(issue.input)}" is not an event kind (${EVENT_KINDS.join(', ')})`), ` must be a non-empty list of event kinds (${EVENT_KINDS.join(', ')})`),
  v.minLength(1, ` must be a non-empty list of event kinds (${EVENT_KINDS.join(', ')})`),
);

export const DefaultSubscriptionSchema = v.object({
  webhookSecretName: WebhookSecretNameSchema,
  councilUrns: v.pipe(
    v.array(v.pipe(v.string(), v.regex(/^\d+$/, ' is not a council URN')), ' must be a non-empty list of council URNs'),
    v.minLength(1, ' must be a non-empty list of council URNs'),
  ),
  kinds: v.optional(EventKindsSchema),
});

export type DefaultSubscription = v.InferOutput<typeof DefaultSubscriptionSchema>;

/** What deliver-alerts ensures exists: the subscription the setting describes. */
export function defaultSubscriptionFrom(setting: DefaultSubscription): { id: string; secretName: string; events: EventKind[]; target: SubscriptionTarget } {
  return {
    id: DEFAULT_SUBSCRIPTION_ID,
    secretName: setting.webhookSecretName,
    events: setting.kinds ?? [...DEFAULT_ALERT_KINDS],
    target: {
      type: 'councils',
      councils: setting.councilUrns.flatMap((urn) => {
        const council = councilByUrn(urn);
        return council ? [councilRef(council)] : [];
      }),
    },
  };
}

/**
 * Makes sure the deployment's default subscription exists, once per Lambda
 * container: the first run ensures it, later runs wait on the same promise,
 * and a failure lets the next run try again. Logs what it found.
 */
export function defaultSubscriptionOnce(
  store: Pick<SubscriptionStore, 'ensureSecretSubscription'>,
  setting: DefaultSubscription,
): (now: Date, logger: { info(event: string, fields?: Record<string, unknown>): void }) => Promise<void> {
  let ready: Promise<void> | undefined;
  return (now, logger) => {
    ready ??= store.ensureSecretSubscription({ ...defaultSubscriptionFrom(setting), now: now.toISOString() })
      .then((state) => logger.info('default_subscription', { state, councils: setting.councilUrns.length }))
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
}
