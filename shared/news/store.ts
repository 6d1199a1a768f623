/**
 * What the news scan remembers: one item per article URL it has dealt with,
 * `pk = NEWS#<feedId>`, `sk = ARTICLE#<sha256(url)>`, so a re-run fetches
 * nothing it already read. Items expire (TTL) long after feeds stop listing them.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../store/client.ts';

export type ArticleStatus =
  /** Read, events written. */
  | 'done'
  /** Will not be read: not an article, gone (404), disallowed, too old. */
  | 'skipped'
  /** Failed with an error that may heal; tried again next run until maxAttempts. */
  | 'failed'
  /** Failed maxAttempts times: left alone. */
  | 'gave_up';

export interface ArticleState {
  feedId: string;
  url: string;
  status: ArticleStatus;
  attempts: number;
  title: string | null;
  eventIds: string[];
  reason: string | null;
  updatedAt: string;
}

/** Kept for this long after the last write (feeds list items for weeks, not years). */
export const ARTICLE_STATE_TTL_DAYS = 400;

export function newsFeedPk(feedId: string): string {
  return `NEWS#${feedId}`;
}

export function articleSk(url: string): string {
  return `ARTICLE#${createHash('sha256').update(url).digest('hex').slice(0, 40)}`;
}

export async function getArticleState(table: TableRef, feedId: string, url: string): Promise<ArticleState | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: newsFeedPk(feedId), sk: articleSk(url) } }));
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
      Item: { pk: newsFeedPk(state.feedId), sk: articleSk(state.url), ...state, expiresAt },
    }),
  );
}
