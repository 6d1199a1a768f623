import { afterAll, beforeAll } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';

/** dynalite with the table, started once for the enclosing suite; call the result to get it. */
export function useLocalDynamo(): () => LocalDynamo {
  let db: LocalDynamo | undefined;
  beforeAll(async () => {
    db = await startLocalDynamo();
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (!db) throw new Error('useLocalDynamo: dynalite is not started yet (use it inside a test)');
    return db;
  };
}
