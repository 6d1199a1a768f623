/**
 * Accuracy on real Ofsted reports: every labelled field of every entry in
 * tests/fixtures/ofsted-reports/labels.json (checked by hand), one test per file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from '#shared/reports/errors.ts';
import { extractReport } from '#shared/reports/extract.ts';

const DIR = fileURLToPath(new URL('./fixtures/ofsted-reports/', import.meta.url));

interface Label {
  urn: string;
  file: string;
  framework: string;
  report_type: string;
  inspection_start: string | null;
  inspection_end: string | null;
  lead_inspector: string | null;
  overall: string | null;
  judgements: Record<string, string | null>;
  check_note: string | null;
}

const labels = JSON.parse(readFileSync(`${DIR}labels.json`, 'utf8')) as Label[];
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The kind each labelled report type must get. */
const KIND_OF_TYPE: Record<string, string> = {
  'ilacs inspection': 'inspection',
  'sif inspection': 'inspection',
  'sif re-inspection': 'inspection',
  'looked after children services inspection': 'inspection',
  'review of the local safeguarding children board': 'inspection',
};

/**
 * The rule that compares a labelled report: overall effectiveness when a full
 * inspection has it, its judgements when an ILACS inspection has none (the 2026
 * framework), nothing for any other report.
 */
function gradedByOf(label: Label): string | null {
  const full = KIND_OF_TYPE[label.report_type] === 'inspection' && (label.framework === 'ilacs' || label.framework === 'sif');
  if (!full) return null;
  if (label.overall !== null) return 'overall';
  return label.framework === 'ilacs' && Object.values(label.judgements).some((grade) => grade !== null) ? 'judgements' : null;
}

const tally = { right: 0, total: 0, wrong: [] as string[] };

afterAll(() => {
  console.log(`report extractor accuracy on labels.json: ${tally.right}/${tally.total} fields right${tally.wrong.length ? `; wrong: ${tally.wrong.join(', ')}` : ''}`);
});

describe('extractReport on the labelled real reports', () => {
  it('has the 59 labelled reports', () => {
    expect(labels).toHaveLength(59);
  });

  for (const label of labels) {
    it(`${label.file} (${label.report_type}${label.check_note ? `: ${label.check_note}` : ''})`, async () => {
      const bytes = new Uint8Array(readFileSync(DIR + label.file));
      const got: Record<string, unknown> = {};
      const want: Record<string, unknown> = {};
      if (label.report_type === 'not a pdf') {
        const error = await extractReport(bytes).then(
          () => null,
          (e: unknown) => e,
        );
        got.error = error instanceof ReportError ? error.code : String(error);
        want.error = 'not_pdf';
      } else {
        const facts = await extractReport(bytes);
        Object.assign(got, {
          framework: facts.framework,
          kind: facts.kind,
          subtype: facts.subtype,
          councilUrn: facts.council?.urn ?? null,
          inspectionStart: facts.inspectionStart,
          inspectionEnd: facts.inspectionEnd,
          leadInspector: facts.leadInspector,
          overall: facts.overall,
          gradedBy: facts.gradedBy,
          judgementKeys: Object.keys(facts.judgements).sort(),
          priorityActions: facts.priorityActions,
        });
        Object.assign(want, {
          framework: label.framework,
          kind: KIND_OF_TYPE[label.report_type],
          subtype: label.report_type,
          councilUrn: label.urn,
          inspectionStart: label.inspection_start,
          inspectionEnd: label.inspection_end,
          leadInspector: label.lead_inspector,
          overall: label.overall,
          gradedBy: gradedByOf(label),
          judgementKeys: Object.keys(label.judgements).map(camel).sort(),
          priorityActions: [],
        });
        for (const [key, grade] of Object.entries(label.judgements)) {
          got[`judgements.${camel(key)}`] = facts.judgements[camel(key)];
          want[`judgements.${camel(key)}`] = grade;
        }
      }
      for (const field of Object.keys(want)) {
        tally.total++;
        if (JSON.stringify(got[field]) === JSON.stringify(want[field])) tally.right++;
        else tally.wrong.push(`${label.file} ${field}`);
      }
      expect(got).toEqual(want);
    });
  }
});
