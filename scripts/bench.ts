/**
 * `npm run bench`: runs every benchmark section in bench/ (each exports `bench(args)`),
 * or only those named: `npm run bench -- reports crawl`.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../bench/', import.meta.url));
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: npm run bench [-- SECTION...]\nSections: one per file in bench/ (reports, crawl, bundles, ...). Default: all.');
  process.exit(0);
}
const sections = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
for (const name of wanted.length ? wanted : sections) {
  if (!sections.includes(name)) {
    console.error(`bench: no section "${name}" (have: ${sections.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n== bench: ${name} ==`);
  const mod = (await import(`${dir}${name}.ts`)) as { bench: () => Promise<void> };
  await mod.bench();
}
