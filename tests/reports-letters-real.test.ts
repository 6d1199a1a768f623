/**
 * Accuracy on real Ofsted letters: every labelled field of every letter in
 * tests/fixtures/ofsted-letters/labels.json (124 focused visits, 22 JTAIs, 19
 * area SEND reports, read by hand), one test per letter, and a per-field
 * summary printed at the end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendOutcome } from '#shared/domain/inspection.ts';
import { resolveCouncil } from '#shared/reports/council.ts';
import { extractReport } from '#shared/reports/extract.ts';

const DIR = fileURLToPath(new URL('./fixtures/ofsted-letters/', import.meta.url));

interface Label {
  file: string;
  kind: 'focused_visit' | 'jtai' | 'send';
  councilName: string;
  urn: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  leadInspector: string | null;
  cqcLeadInspector: string | null;
  sendOutcome: string | null;
  priorityActions: string[];
  priorityActionsCarriedOver: boolean;
  dfeNotified: boolean;
}

const labels = JSON.parse(readFileSync(`${DIR}labels.json`, 'utf8')) as Label[];

/**
 * Where a label disagrees with the letter, checked by reading it again. Bury's
 * table of areas for priority action has six rows; the label stops at five (the
 * sixth, on page 9, is "…further improve the quality of the statutory EHC plan
 * process…", with the same responsible bodies).
 */
const CORRECTIONS: Record<string, Partial<Label>> = {
  'area-send__80443_bury__2024-05-07.pdf': {
    priorityActions: [
      ...labels.find((l) => l.file === 'area-send__80443_bury__2024-05-07.pdf')!.priorityActions,
      'Leaders across the partnership should further improve the quality of the statutory EHC plan process. This should include: • improving the quality of advice received from professionals as part of the needs assessment process • improving the timeliness and quality of updated EHC plans following annual reviews • improving appropriate social care contributions to EHC plans so that children and young people’s social care needs are reflected more accurately • improving the focus on preparation for adulthood in children and young people’s EHC plans so that their experiences and outcomes improve.',
    ],
  },
};

/** The labels word each outcome as the report does; parse-report gives its key. */
const OUTCOME_OF: Record<string, SendOutcome> = {
  'positive experiences and outcomes': 'positive',
  'inconsistent experiences and outcomes': 'inconsistent',
  'widespread and/or systemic failings': 'systemic_failings',
};

const FRAMEWORK_OF: Record<Label['kind'], string> = { focused_visit: 'ilacs', jtai: 'other', send: 'send' };

const tally = new Map<string, { right: number; total: number; wrong: string[] }>();
const lists = { exact: 0, total: 0, itemsWanted: 0, itemsFound: 0 };

function count(field: string, file: string, right: boolean): void {
  const t = tally.get(field) ?? { right: 0, total: 0, wrong: [] };
  t.total++;
  if (right) t.right++;
  else t.wrong.push(file);
  tally.set(field, t);
}

afterAll(() => {
  const fields = [...tally.entries()].map(([field, t]) => `${field} ${t.right}/${t.total}${t.wrong.length ? ` (wrong: ${t.wrong.join(', ')})` : ''}`);
  console.log(`letter extractor accuracy on ${labels.length} real letters, by field:\n  ${fields.join('\n  ')}`);
  console.log(`priority action lists exact in ${lists.exact}/${lists.total} letters that have them; ${lists.itemsFound}/${lists.itemsWanted} items`);
});

describe('extractReport on the labelled real letters', () => {
  it('has the 165 labelled letters', () => {
    expect(labels).toHaveLength(165);
  });

  for (const original of labels) {
    const label = { ...original, ...CORRECTIONS[original.file] };
    it(`${label.file}`, async () => {
      const facts = await extractReport(new Uint8Array(readFileSync(DIR + label.file)));
      const got = {
        kind: facts.kind,
        framework: facts.framework,
        council: facts.council?.urn ?? null,
        councilName: resolveCouncil([facts.councilName])?.urn ?? facts.council?.urn ?? null,
        inspectionStart: facts.inspectionStart,
        inspectionEnd: facts.inspectionEnd,
        leadInspector: facts.leadInspector,
        cqcLeadInspector: facts.cqcLeadInspector,
        sendOutcome: facts.sendOutcome,
        priorityActions: facts.priorityActions,
        priorityActionsCarriedOver: facts.priorityActionsCarriedOver,
        priorityActionOwners: facts.priorityActionOwners?.length ?? null,
        dfeNotified: facts.dfeNotified,
      };
      const want = {
        kind: label.kind,
        framework: FRAMEWORK_OF[label.kind],
        council: label.urn,
        // The name as printed ("Durham's", "the Royal Borough of …") must mean the same council.
        councilName: resolveCouncil([label.councilName])?.urn ?? label.urn,
        inspectionStart: label.inspectionStart,
        inspectionEnd: label.inspectionEnd,
        leadInspector: label.leadInspector,
        cqcLeadInspector: label.cqcLeadInspector,
        sendOutcome: label.sendOutcome ? OUTCOME_OF[label.sendOutcome] : null,
        priorityActions: label.priorityActions,
        priorityActionsCarriedOver: label.priorityActionsCarriedOver,
        priorityActionOwners: label.kind === 'send' ? label.priorityActions.length : null,
        dfeNotified: label.dfeNotified,
      };
      for (const field of Object.keys(want) as (keyof typeof want)[]) {
        count(field, label.file, JSON.stringify(got[field]) === JSON.stringify(want[field]));
      }
      if (want.priorityActions.length) {
        lists.total++;
        lists.itemsWanted += want.priorityActions.length;
        lists.itemsFound += want.priorityActions.filter((item) => got.priorityActions.includes(item)).length;
        if (JSON.stringify(got.priorityActions) === JSON.stringify(want.priorityActions)) lists.exact++;
      }
      expect(got).toEqual(want);
      if (label.kind === 'send' && facts.priorityActionOwners?.length) {
        // Each action's owners are the bodies named beside it: a council, an ICB or a trust.
        for (const owners of facts.priorityActionOwners) {
          expect(owners.length).toBeGreaterThan(0);
          for (const owner of owners) expect(owner).toMatch(/Council|Board|ICB|Trust/);
        }
      }
    });
  }
});
