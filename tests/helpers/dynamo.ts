import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';

/**
 * dynalite with the table, started once for the enclosing suite (or, with
 * `fresh: 'each'`, a new empty table for every test, so no test depends on
 * another's writes); call the result to get it.
 */
export function useLocalDynamo(options: { fresh?: 'suite' | 'each' } = {}): () => LocalDynamo {
  let db: LocalDynamo | undefined;
  const [before, after] = options.fresh === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    db = await startLocalDynamo();
  });
  after(async () => {
    await db?.close();
    db = undefined;
  });
  return () => {
    if (!db) throw new Error('useLocalDynamo: dynalite is not started yet (use it inside a test)');
    return db;
  };
}
