import { fileURLToPath } from 'node:url';
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINIATURE = fileURLToPath(new URL('./fixtures/dependency-rules/', import.meta.url));
const config = (await import(`${ROOT}.dependency-cruiser.cjs`)).default as { forbidden: unknown[]; options: object };

async function violations(baseDir: string, paths: string[]) {
  const result: IReporterOutput = await cruise(paths, { ...config.options, ruleSet: { forbidden: config.forbidden }, baseDir, validate: true } as never);
  const output = result.output as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('dependency direction', () => {
  it('finds no arrow the wrong way in the repository', async () => {
    expect(await violations(ROOT, ['shared', 'cli', 'devkit', 'functions', 'infra', 'bin'])).toEqual([]);
  });

  it('fails on shared code reaching up, and on a pure parser importing an adapter', async () => {
    expect(await violations(MINIATURE, ['shared', 'cli', 'functions'])).toEqual([
      'pure-imports-adapter: shared/reports/impure-parser.ts -> shared/http/client.ts',
      'shared-reaches-up: shared/domain/imports-handler.ts -> functions/x/handler.ts',
      'shared-reaches-up: shared/domain/reaches-up.ts -> cli/command.ts',
    ]);
  });
});
