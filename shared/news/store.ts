/**
 * What the news scan remembers, in the table (DynamoDB): one item per article
 * URL it has dealt with, `pk = NEWS#<feedId>`, `sk = ARTICLE#<sha256(url)>`
 * (store/keys.ts), so a re-run fetches nothing it already read. Items expire
 * (TTL) long after feeds stop listing them. The ArticleStore of ports.ts.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoEventStore } from '../events/store.ts';
import type { TableRef } from '../store/client.ts';
import { articleKey, SCANS } from '../store/keys.ts';
import { dynamoRunLease } from '../store/dynamo-lease.ts';
import type { ArticleState, ArticleStatus, ArticleStore, NewsStores } from './ports.ts';

export type { ArticleState, ArticleStatus } from './ports.ts';

export function dynamoArticleStore(table: TableRef): ArticleStore {
  return { get: (feedId, url) => getArticleState(table, feedId, url), put: (state) => putArticleState(table, state) };
}

/** The news scan's stores over the one table, and its run lease. */
export function dynamoNewsStores(table: TableRef): NewsStores {
  return { articles: dynamoArticleStore(table), events: dynamoEventStore(table), lease: dynamoRunLease(table, SCANS.news) };
}

/** Kept for this long after the last write (feeds list items for weeks, not years). */
export const ARTICLE_STATE_TTL_DAYS = 400;

function articleItemKey(feedId: string, url: string) {
  return articleKey(feedId, createHash('sha256').update(url).digest('hex').slice(0, 40));
}

export async function getArticleState(table: TableRef, feedId: string, url: string): Promise<ArticleState | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: articleItemKey(feedId, url) }));
  if (!Item) return undefined;
  return {
    feedId,
    url: Item.url as string,
    status: Item.status as ArticleStatus,
    attempts: (Item.attempts as number) ?? 0,
    title: (Item.title as string | null) ?? null,
    eventIds: (Item.eventIds as string[]) ?? [],
    reason: (Item.reason as string | null) ?? null,
    updatedAt: Item.updatedAt as string,
  };
}

export async function putArticleState(table: TableRef, state: ArticleState): Promise<void> {
  const expiresAt = Math.floor(Date.parse(state.updatedAt) / 1000) + ARTICLE_STATE_TTL_DAYS * 86_400;
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...articleItemKey(state.feedId, state.url), ...state, expiresAt },
    }),
  );
}
