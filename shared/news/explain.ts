/**
 * A news reading as text a person can follow: the date the article was read
 * against, each council's event with the rule that made it and its evidence, and
 * every candidate dropped with the reason (history, negation, passing mention,
 * other subject…). Pure: what `extract-news --explain` prints.
 */
import type { DroppedCandidate, NewsReading } from './extract.ts';

function quote(sentence: string, max = 160): string {
  const flat = sentence.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

function droppedLines(dropped: readonly DroppedCandidate[], indent: string): string[] {
  return dropped.map((d) => `${indent}dropped ${d.kind} (${d.signal}): ${d.reason} [${d.detail}] ${quote(d.sentence, 120)}`);
}

const ANCHOR_SOURCE = { published: 'given (feed, page metadata or --published)', dateline: "the article's dateline" } as const;

export function explainReading(file: string, title: string, reading: NewsReading): string {
  const { anchor, events, dropped } = reading;
  const lines = [`${file}`, `  title: ${title}`];
  lines.push(anchor.date ? `  read against ${anchor.date}, ${ANCHOR_SOURCE[anchor.source!]}` : '  no publication date: history told by the dates and tenses in the text');
  if (events.length === 0) lines.push('  no council named');
  for (const event of events) {
    const grades = event.from || event.to ? ` ${event.from ?? '?'} -> ${event.to ?? '?'}` : '';
    const alert = event.kind === 'downgrade' || event.kind === 'urgent_action' ? ' ALERT' : '';
    const also = event.alsoKinds.length ? ` (also ${event.alsoKinds.join(', ')})` : '';
    const intervention = event.intervention ? ` intervention: ${event.intervention};` : '';
    lines.push(`  ${event.council.name} [${event.council.onsCode}]${event.subject ? ' (subject)' : ''}: ${event.kind}${alert}${also}${grades}`);
    lines.push(`    rule: ${event.rule};${intervention} evidence: ${quote(event.evidence)}`);
    lines.push(...droppedLines(event.dropped, '    '));
  }
  if (dropped.length) lines.push('  not about any one council:', ...droppedLines(dropped, '    '));
  return lines.join('\n');
}
