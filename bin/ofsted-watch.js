#!/usr/bin/env node
// Entry point for `npx ofsted-watch`. The CLI is TypeScript run by Node 24's
// built-in type stripping, so there is no build step between a clone and a run.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `ofsted-watch needs Node 24 or later (this is ${process.version}). ` +
      'Run it through npm (npx ofsted-watch, npm run ...) so the node@24 devDependency is used.',
  );
  process.exit(2);
}
const { main } = await import('#cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
