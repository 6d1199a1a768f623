/** The open data beside the pages (pure): two CSV files, the events as JSON, and a README saying what they hold. */
import type { Council } from '../domain/council.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { byHistoryOrder, historyDate } from '../crawl/detect.ts';
import { currentCouncils } from '../register/register.ts';
import { fourJudgements, isFullInspection, sendOutcomeOf, type CouncilStanding } from './standing.ts';

type Cell = string | number | boolean | null | undefined;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export const COUNCILS_COLUMNS = [
  'ons_code', 'urn', 'name', 'region', 'published', 'framework', 'overall', 'impact_of_leaders', 'help_and_protection',
  'in_care', 'care_leavers', 'send_outcome', 'open_priority_actions', 'report_url',
] as const;

export const INSPECTIONS_COLUMNS = [
  'ons_code', 'urn', 'name', 'published', 'publication_type', 'kind', 'framework', 'inspection_start', 'inspection_end',
  'overall', 'impact_of_leaders', 'help_and_protection', 'in_care', 'care_leavers', 'send_outcome', 'priority_actions', 'dfe_notified', 'report_url',
] as const;

function gradeCells(record: InspectionRecord | null): Cell[] {
  if (!record) return ['', '', '', '', ''];
  const four = fourJudgements(record);
  return [record.overall, four.impactOfLeaders, four.helpAndProtection, four.inCare, four.careLeavers];
}

export function councilsCsv(standings: ReadonlyMap<string, CouncilStanding>): string {
  const rows = currentCouncils().map((council) => {
    const s = standings.get(council.urn)!;
    const latest = s.latest;
    return [
      council.onsCode, council.urn, council.name, council.region, latest ? historyDate(latest) : '', latest?.framework,
      ...gradeCells(latest), s.sendOutcome, s.openPriorityActions.length, latest?.sourceUrl,
    ];
  });
  return csv(COUNCILS_COLUMNS, rows);
}

export function inspectionsCsv(records: readonly InspectionRecord[], councilOf: (urn: string) => Council | undefined): string {
  const rows = [...records].sort((a, b) => byHistoryOrder(a, b) || a.council.urn.localeCompare(b.council.urn)).map((record) => {
    const council = councilOf(record.council.urn);
    return [
      council?.onsCode ?? record.council.onsCode, record.council.urn, council?.name ?? record.council.name, historyDate(record),
      record.publicationType, record.kind, record.framework, record.inspectionStart, record.inspectionEnd,
      ...(isFullInspection(record) ? gradeCells(record) : [record.overall, '', '', '', '']),
      sendOutcomeOf(record), record.priorityActions?.length ?? 0, record.dfeNotified ? 'true' : 'false', record.sourceUrl,
    ];
  });
  return csv(INSPECTIONS_COLUMNS, rows);
}

export function eventsJson(events: readonly CouncilEvent[]): string {
  const sorted = [...events].sort((a, b) => (a.occurredOn ?? '').localeCompare(b.occurredOn ?? '') || a.id.localeCompare(b.id));
  return `${JSON.stringify(sorted, null, 1)}\n`;
}

export function dataReadme(input: { builtAt: string; councils: number; records: number; events: number }): string {
  return `# ofsted-watch open data

Built ${input.builtAt} (UTC) from ${input.records} Ofsted publications and ${input.events} events.
Rebuilt after every scan that records something.

## Licence

The facts come from Ofsted's published reports on councils' children's services:
Crown copyright, published under the Open Government Licence v3.0
(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).
Use them under the same licence, saying where they came from, e.g.
"Contains public sector information licensed under the Open Government Licence v3.0;
compiled by ofsted-watch". Press coverage in events.json is linked, not copied:
each item gives the outlet, the headline and the sentence that shows the event.

## Values

Grades are written as \`parse-report\` writes them: \`outstanding\`, \`good\`,
\`requires_improvement\`, \`adequate\` (inspections before 2013), \`inadequate\`.
Area SEND outcomes: \`positive\`, \`inconsistent\`, \`systemic_failings\`.
An empty cell means there is none: no grade, not inspected, or not given
(reports of inspections from 2026 give no overall effectiveness grade).
Dates are ISO (YYYY-MM-DD). Files are UTF-8 with CRLF line ends (RFC 4180).

The four judgements are those Ofsted gives since 2023. Older reports are mapped
as ofsted-watch compares them: the single inspection framework (SIF, 2013-2017)
"leadership, management and governance" is impact_of_leaders, "children looked
after and achieving permanence" is in_care, and its care leavers judgement is
care_leavers; the 2018-2022 combined judgement "children in care and care
leavers" fills both in_care and care_leavers.

## councils.csv

One row for each of the ${input.councils} councils that run children's social care now.

| column | meaning |
| --- | --- |
| ons_code | ONS code of the council (current code: Barnsley E08000038, Sheffield E08000039) |
| urn | Ofsted's unique reference number for the council's children's services |
| name | the council's name |
| region | English region |
| published | when its latest full inspection (SIF or ILACS) was published |
| framework | that inspection's framework: \`sif\` or \`ilacs\` |
| overall | overall effectiveness at that inspection |
| impact_of_leaders | the impact of leaders on social work practice |
| help_and_protection | the experiences and progress of children who need help and protection |
| in_care | the experiences and progress of children in care |
| care_leavers | the experiences and progress of care leavers |
| send_outcome | the outcome of the latest area SEND inspection of its local area partnership |
| open_priority_actions | how many areas for priority action are open: those named by the latest full inspection or any letter since it (a new full inspection closes them), and those of the latest area SEND inspection |
| report_url | the latest full inspection's report |

## inspections.csv

One row for each publication read: full inspections and letters (focused visits,
monitoring visits, joint targeted area inspections, area SEND inspections), of the
current councils and of those they replaced (Cumbria, Northamptonshire, Poole).

| column | meaning |
| --- | --- |
| ons_code, urn, name | the council |
| published | when Ofsted published it |
| publication_type | how Ofsted's site lists it, e.g. "Children's services focused visit" |
| kind | \`inspection\`, \`focused_visit\`, \`monitoring_visit\`, \`jtai\`, \`send\` or \`other\` |
| framework | \`ilacs\`, \`sif\`, \`send\` or \`other\` |
| inspection_start, inspection_end | when the inspectors visited |
| overall, impact_of_leaders, help_and_protection, in_care, care_leavers | grades, as in councils.csv (a letter has none) |
| send_outcome | area SEND inspections: their outcome |
| priority_actions | how many areas for priority action it names |
| dfe_notified | \`true\` when the letter says Ofsted notified the Department for Education |
| report_url | the report or letter |

## events.json

Every event ofsted-watch recorded (the alerts Slack subscribers get, and the
opt-in kinds), oldest first: \`kind\` (\`downgrade\`, \`urgent_action\`, \`upgrade\`,
\`subjudgement_downgrade\`, \`first_record\`, \`concern\`, \`positive\`, \`mention\`),
\`alsoKinds\`, \`council\`, \`from\` and \`to\` (overall grades), \`inspection\`
(the report it is about), \`priorityActions\`, \`evidence\` (for press reports: the
sentence that shows it), \`sources\` (Ofsted and press links), \`occurredOn\`,
\`detectedAt\`. The same events are in ../feed.atom, and each council's in
../councils/<ons_code>.atom.
`;
}
