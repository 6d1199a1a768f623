/**
 * History replay manifests (pure): a JSON array of
 * `{ "urn", "published" (ISO date), "type" (publication type text), "pdf" (path relative to the manifest) }`.
 */
import { createHash } from 'node:crypto';
import { councilByUrn } from '#shared/register/register.ts';

export interface ManifestEntry {
  urn: string;
  published: string;
  type: string;
  /** As written in the manifest (relative to it). */
  pdf: string;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function parseManifest(text: string, source = 'manifest'): ManifestEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new ManifestError(`${source} must be a JSON array of { "urn", "published", "type", "pdf" }`);
  return data.map((raw, index) => {
    const where = `${source} entry ${index + 1}`;
    if (!raw || typeof raw !== 'object') throw new ManifestError(`${where} is not an object`);
    const entry = raw as Record<string, unknown>;
    const urn = typeof entry.urn === 'number' ? String(entry.urn) : entry.urn;
    for (const [key, value] of Object.entries({ urn, published: entry.published, type: entry.type, pdf: entry.pdf })) {
      if (typeof value !== 'string' || value.trim() === '') throw new ManifestError(`${where}: "${key}" must be a non-empty string`);
    }
    const published = String(entry.published).slice(0, 10);
    if (!ISO_DATE.test(published) || !isRealDate(published)) throw new ManifestError(`${where}: "published" must be an ISO date (YYYY-MM-DD), got "${String(entry.published)}"`);
    if (!councilByUrn(String(urn))) throw new ManifestError(`${where}: URN ${String(urn)} is not a council in the register`);
    return { urn: String(urn), published, type: String(entry.type), pdf: String(entry.pdf) };
  });
}

/** A stable Ofsted-style file id for a manifest entry. */
export function manifestFileId(entry: ManifestEntry): string {
  const hash = createHash('sha256').update(`${entry.urn}|${entry.published}|${entry.pdf}`).digest();
  return String(60_000_000 + (hash.readUInt32BE(0) % 30_000_000));
}

/** Entries grouped by publication day, days in order (entries keep their manifest order within a day). */
export function byPublicationDay(entries: readonly ManifestEntry[]): [string, ManifestEntry[]][] {
  const days = new Map<string, ManifestEntry[]>();
  for (const entry of entries) days.set(entry.published, [...(days.get(entry.published) ?? []), entry]);
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}
