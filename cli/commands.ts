import type { Command } from './command.ts';

/**
 * Every CLI command, loaded on demand so `--help` and small commands start fast.
 * Add a command by adding one line here.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {

  demo: async () => (await import('./demo.ts')).command,
  doctor: async () => (await import('./doctor.ts')).command,
  'extract-news': async () => (await import('./extract-news.ts')).command,
  local: async () => (await import('./local-services.ts')).command,
  'parse-report': async () => (await import('./parse-report.ts')).command,
  replay: async () => (await import('./replay.ts')).command,
  site: async () => (await import('./site.ts')).command,
  invoke: async () => (await import('./invoke.ts')).command,
  'slack-manifest': async () => (await import('./slack-manifest.ts')).command,
  subscribe: async () => (await import('./subscribe.ts')).command,
  unsubscribe: async () => (await import('./unsubscribe.ts')).command,
  subscriptions: async () => (await import('./subscriptions.ts')).command,
};
