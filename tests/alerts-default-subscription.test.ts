import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from './helpers/dynamo.ts';
import { ensureSecretSubscription, getSubscription, markSubscriptionBroken } from '#shared/alerts/subscription-store.ts';

const stockton = { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' };
const stoke = { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' };

describe("the deployment's default subscription", () => {
  const local = useLocalDynamo();

  it('is created once, left alone when the config is unchanged, and follows a changed config', async () => {
    const base = { id: 'default', secretName: 'ofsted-watch/slack', events: ['downgrade' as const, 'urgent_action' as const], target: { type: 'councils' as const, councils: [stockton] } };
    expect(await ensureSecretSubscription(local(), { ...base, now: '2026-01-01T00:00:00Z' })).toBe('created');
    expect(await ensureSecretSubscription(local(), { ...base, now: '2026-01-02T00:00:00Z' })).toBe('exists');
    expect((await getSubscription(local(), 'default'))?.updatedAt).toBe('2026-01-01T00:00:00Z');

    const more = { ...base, target: { type: 'councils' as const, councils: [stockton, stoke] } };
    expect(await ensureSecretSubscription(local(), { ...more, now: '2026-02-01T00:00:00Z' })).toBe('updated');
    const updated = await getSubscription(local(), 'default');
    expect(updated?.target).toEqual({ type: 'councils', councils: [stockton, stoke] });
    expect(updated?.createdAt).toBe('2026-01-01T00:00:00Z');

    await markSubscriptionBroken(local(), 'default', { status: 410, code: 'channel_is_archived', at: '2026-02-02T00:00:00Z' });
    expect(await ensureSecretSubscription(local(), { ...more, now: '2026-02-03T00:00:00Z' })).toBe('exists');
    expect((await getSubscription(local(), 'default'))?.status).toBe('broken');
    expect(await ensureSecretSubscription(local(), { ...more, secretName: 'ofsted-watch/slack-new', now: '2026-02-04T00:00:00Z' })).toBe('updated');
    expect(await getSubscription(local(), 'default')).toMatchObject({ status: 'active', broken: null, webhook: { type: 'secret', secretName: 'ofsted-watch/slack-new' } });
  });
});
