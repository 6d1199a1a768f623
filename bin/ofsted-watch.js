#!/usr/bin/env node
// Entry point for `npx --no-install ofsted-watch` (or `npm exec ofsted-watch`) in the
// repository. The CLI is TypeScript run by Node 24's built-in type stripping, so
// there is no build step between a clone and a run.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `ofsted-watch needs Node 24 or later (this is ${process.version}). ` +
      'Run it from the repository through npm (npx --no-install ofsted-watch, npm run ...) so the node@24 devDependency is used.',
  );
  process.exit(2);
}
// The reader of our output went away (`… | head`): say so in one line and stop, instead of a stack trace.
const command = process.argv[2] && !process.argv[2].startsWith('-') ? ` ${process.argv[2]}` : '';
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.stderr.write(`ofsted-watch${command}: the output was closed before it was all written (EPIPE); stopped.\n`);
  process.exit(2);
});
const { main } = await import('#cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
