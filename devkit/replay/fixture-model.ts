/**
 * A replay site model built from the real reports in tests/fixtures/ofsted-reports
 * (labels.json) and the council register: every current council (so the listing
 * pages like the real one: 153 councils, two pages of 100) and one publication
 * per fixture file, served from the file itself. The four fixture "PDFs" that are
 * really Ofsted's "Report not found" page stay so: dead links, as on the site.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCouncils, councilByUrn, currentCouncils } from '#shared/register/register.ts';
import type { ReplayCouncil, ReplayPublication, ReplaySiteModel } from './model.ts';

export const FIXTURE_REPORTS_DIR = fileURLToPath(new URL('../../tests/fixtures/ofsted-reports/', import.meta.url));

interface Label {
  urn: string;
  la_name: string;
  file: string;
  publication_date: string;
  framework: string;
  report_type: string;
  inspection_start: string | null;
}

/** Publication type text as the site would show it for a fixture's report type. */
function publicationType(label: Label): string {
  if (/focused visit/i.test(label.report_type)) return "Children's services focused visit";
  if (/monitoring/i.test(label.report_type)) return 'Monitoring visit';
  return "Children's services inspection";
}

/** A stable, 8-digit file id for a fixture path (like Ofsted's 5xxxxxxx ids). */
export function fixtureFileId(path: string): string {
  let hash = 0x811c9dc5;
  for (const char of path) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(50_000_000 + (hash % 9_000_000));
}

export function fixtureLabels(dir: string = FIXTURE_REPORTS_DIR): Label[] {
  return JSON.parse(readFileSync(`${dir}/labels.json`, 'utf8')) as Label[];
}

/** One publication per fixture report, in labels.json order; pdfPath is absolute. */
export function fixturePublications(dir: string = FIXTURE_REPORTS_DIR): ReplayPublication[] {
  const seen = new Set<string>();
  return fixtureLabels(dir).map((label) => {
    const fileId = fixtureFileId(label.file);
    if (seen.has(fileId)) throw new Error(`fixture file id clash for ${label.file}`);
    seen.add(fileId);
    return {
      urn: label.urn,
      fileId,
      type: publicationType(label),
      published: label.publication_date,
      eventDate: label.inspection_start,
      pdfPath: `${dir.replace(/\/$/, '')}/${label.file}`,
    };
  });
}

export const FIXTURE_LETTERS_DIR = fileURLToPath(new URL('../../tests/fixtures/ofsted-letters/', import.meta.url));

/** The publication type each kind of letter has on the site. */
const LETTER_TYPES: Record<string, string> = {
  focused_visit: "Children's services focused visit",
  jtai: 'Joint area child protection inspection',
  send: 'Area SEND full inspection',
};

/**
 * One publication per real letter in tests/fixtures/ofsted-letters (focused
 * visits, JTAIs, area SEND reports), dated as the site dates them: published on
 * its label's date, its timeline day the visit's first day.
 */
export function fixtureLetterPublications(dir: string = FIXTURE_LETTERS_DIR): ReplayPublication[] {
  const labels = JSON.parse(readFileSync(`${dir}/labels.json`, 'utf8')) as { file: string; urn: string; kind: string; published: string; inspectionStart: string | null }[];
  return labels.map((label) => ({
    urn: label.urn,
    fileId: fixtureFileId(`letters/${label.file}`),
    type: LETTER_TYPES[label.kind] ?? label.kind,
    published: label.published,
    eventDate: label.inspectionStart,
    pdfPath: `${dir.replace(/\/$/, '')}/${label.file}`,
  }));
}

/** Every current council, plus any predecessor a fixture report belongs to. */
export function fixtureCouncils(publications: readonly Pick<ReplayPublication, 'urn'>[]): ReplayCouncil[] {
  const councils = new Map<string, ReplayCouncil>();
  for (const council of currentCouncils()) councils.set(council.urn, { urn: council.urn, name: council.name });
  for (const { urn } of publications) {
    if (councils.has(urn)) continue;
    const council = councilByUrn(urn) ?? allCouncils().find((candidate) => candidate.urn === urn);
    councils.set(urn, { urn, name: council?.name ?? `Council ${urn}` });
  }
  return [...councils.values()];
}

/**
 * The whole fixture site, or the site as it stood before `until` (publications
 * published on or after it left out, ready to `publish()` later).
 */
export function fixtureSiteModel(options: { dir?: string; until?: string } = {}): ReplaySiteModel {
  const all = fixturePublications(options.dir);
  const publications = options.until ? all.filter((publication) => publication.published < options.until!) : all;
  return { councils: fixtureCouncils(all), publications };
}
