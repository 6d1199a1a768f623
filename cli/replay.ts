import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { judgementLabel } from '#shared/alerts/wording.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';
import { compareGrades, gradeLabel } from '#shared/domain/grades.ts';
import { byPublicationDay, manifestFileId, ManifestError, parseManifest, type ManifestEntry } from '#devkit/manifest.ts';
import { fixtureCouncils } from '#devkit/replay/fixture-model.ts';
import { startLocalStack } from '#devkit/stack.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';
import { consoleLogger } from './console-logger.ts';
import { describePublish, indexUrl, writeSiteFolder } from './site.ts';
import { plural } from '#shared/alerts/wording.ts';

const help = `Usage: ofsted-watch replay --manifest FILE [--site DIR] [--json] [--verbose]

Replays Ofsted's publication history locally and prints every alert that reached Slack.

It starts empty (embedded DynamoDB, a local replay of the Ofsted site, a local
Slack-compatible receiver; no AWS account, no internet), subscribes one channel to
every council with the default event kinds (downgrade, urgent_action), then steps
through the publication days in order: publishes that day's reports on the replay
site, runs the scheduled Ofsted scan, runs alert delivery, and prints the alerts the
receiver accepted. The first day is the baseline: what was published on it is
recorded, never alerted. From the second day every report counts, a council's first
report included: a downgrade (by overall effectiveness, or on the 2026 framework,
which has no overall grade, by any judgement worse than at the council's previous
full inspection) or any inadequate judgement is an alert.

Options:
  --manifest FILE  JSON array of { "urn", "published" (ISO date), "type" (publication
                   type text, e.g. "Children's services inspection"), "pdf" (path
                   relative to the manifest) }
  --site DIR       also write the national site (map, council pages, open data,
                   feeds) as it stood at the end of the replay into DIR
  --json           one JSON line per alert:
                   { "council": { "urn", "onsCode", "name" }, "kind", "from", "to", "published", "pdf",
                     "changes": [ { "judgement", "from", "to" } ] }
                   from/to: overall effectiveness before and now (null on the 2026 framework);
                   changes: every judgement whose grade differs from the council's previous
                   full inspection (from null where that gave none, or there was none)
  --verbose        progress of every scan step on stderr
  -h, --help       this text

Exit status: 0 when the replay completed, 1 when it could not run, 2 for a usage error.`;

/** One readable line per alert: date, council, kind, overall grades, and the judgements that fell or are inadequate. */
function describeAlert(event: CouncilEvent, pdf: string): string {
  const overall = event.from && event.to ? `${gradeLabel(event.from)} → ${gradeLabel(event.to)}` : event.to ? gradeLabel(event.to) : '';
  const fell = event.judgementChanges.filter((c) => c.from && c.to && compareGrades(c.from, c.to) < 0);
  const inadequate = Object.entries(event.inspection?.judgements ?? {}).filter(([, grade]) => grade === 'inadequate').map(([key]) => key);
  // By overall grade the grades say it; by judgements (the 2026 framework) what fell does; an urgent action names what is inadequate.
  const judgements = [
    ...(event.to ? [] : fell.map((c) => `${judgementLabel(c.key)} ${gradeLabel(c.from!)} → ${gradeLabel(c.to!)}`)),
    ...(event.to === 'inadequate' ? [] : inadequate.filter((key) => event.to || !fell.some((c) => c.key === key)).map((key) => `${judgementLabel(key)} Inadequate`)),
  ].join('; ');
  const actions = event.priorityActions.length ? `${event.priorityActions.length} areas for priority action` : '';
  return [event.inspection?.published ?? event.occurredOn ?? '', `${event.council.name} (${event.council.urn})`, event.kind, overall, judgements, actions, pdf]
    .filter(Boolean)
    .join('  ');
}

/** The --json line for one alert. */
export function alertLine(event: CouncilEvent, pdf: string | null) {
  return {
    council: event.council,
    kind: event.kind,
    from: event.from,
    to: event.to,
    published: event.inspection?.published ?? event.occurredOn,
    pdf,
    changes: event.judgementChanges.map((change) => ({ judgement: change.key, from: change.from, to: change.to })),
  };
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { manifest: { type: 'string' }, site: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' } }, false);
  if (!values.manifest) throw new UsageError('--manifest FILE is required');
  const manifestPath = resolve(values.manifest);
  let entries: ManifestEntry[];
  try {
    entries = parseManifest(await readFile(manifestPath, 'utf8'), values.manifest);
  } catch (error) {
    if (error instanceof ManifestError) throw new UsageError(error.message);
    throw new UsageError(`cannot read ${values.manifest}: ${(error as Error).message}`);
  }
  const base = dirname(manifestPath);
  const pdfOf = new Map<string, string>();
  for (const entry of entries) {
    const path = resolve(base, entry.pdf);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new UsageError(`${values.manifest}: "${entry.pdf}" (URN ${entry.urn}, ${entry.published}) is not a file`);
    pdfOf.set(manifestFileId(entry), entry.pdf);
  }

  const logger = consoleLogger(io, { verbose: Boolean(values.verbose) });
  const days = byPublicationDay(entries);
  if (days.length === 0) {
    io.err('replay: the manifest lists no publications; nothing to do.');
    return 0;
  }
  const firstDay = new Date(`${days[0]![0]}T00:00:00Z`);
  const stack = await startLocalStack({
    model: { councils: fixtureCouncils(entries), publications: [] },
    logger,
    start: new Date(firstDay.getTime() - 86_400_000),
  });
  try {
    const subscription = await stack.subscribe({ type: 'all' });
    const printed = new Set<string>();
    let alerts = 0;
    for (const [index, [day, published]] of days.entries()) {
      for (const entry of published) {
        stack.site.publish({ urn: entry.urn, fileId: manifestFileId(entry), type: entry.type, published: day, pdfPath: resolve(base, entry.pdf) });
      }
      stack.clock.set(new Date(`${day}T18:00:00Z`));
      const scan = await stack.scan();
      await stack.deliver();
      const fresh = (await stack.sentEvents(subscription.id)).filter(({ event }) => !printed.has(event.id));
      for (const { event } of fresh) {
        printed.add(event.id);
        alerts++;
        const pdf = pdfOf.get(event.inspection?.fileId ?? '') ?? null;
        if (values.json) {
          io.out(JSON.stringify(alertLine(event, pdf)));
        } else {
          io.out(describeAlert(event, pdf ?? ''));
        }
      }
      io.err(
        `day ${index + 1}/${days.length} ${day}: ${published.length} published, ${scan.recordsWritten} recorded, ` +
          `${plural(scan.events.created, 'event')}${scan.mode === 'baseline' ? ' (baseline)' : ''}, ${plural(fresh.length, 'alert')}` +
          (scan.anomalies ? `, ${plural(scan.anomalies, 'anomaly', 'anomalies')}` : ''),
      );
    }
    const received = stack.slack.messages(subscription.webhookUrl).length;
    if (received !== alerts) logger.warn('slack_count_mismatch', { received, alerts, message: `the Slack receiver holds ${received} messages but ${alerts} alerts were recorded as sent` });
    io.err(`replay complete: ${plural(entries.length, 'publication')} over ${plural(days.length, 'day')}, ${plural(alerts, 'alert')} delivered to Slack.`);
    if (values.site) {
      const summary = await writeSiteFolder(stack.db, values.site, { now: stack.clock.now });
      io.err(`replay: site as of ${stack.clock.now().toISOString().slice(0, 10)} in ${values.site}: ${describePublish(summary)}.`);
      io.err(`replay: open ${indexUrl(values.site)}`);
    }
    return 0;
  } finally {
    await stack.close();
  }
}

export const command: Command = {
  name: 'replay',
  summary: 'replay a manifest of Ofsted publications locally and print the alerts sent',
  help,
  run,
};
