/**
 * What the site is built from, read from the table: every council's
 * inspection records and events (current councils and predecessors), a few
 * councils at a time. Queries only by each council's key, never a Scan.
 */
import type { CouncilEvent } from '../domain/events.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { listInspections } from '../crawl/store.ts';
import { listCouncilEvents } from '../events/store.ts';
import { allCouncils } from '../register/register.ts';
import type { TableRef } from '../store/client.ts';

export interface SiteData {
  records: InspectionRecord[];
  events: CouncilEvent[];
}

/** Councils read at once: enough to overlap round trips, few enough to stay far below the table's limits. */
const PARALLEL = 8;

export async function readSiteData(table: TableRef): Promise<SiteData> {
  const urns = allCouncils().map((council) => council.urn);
  const records: InspectionRecord[] = [];
  const events: CouncilEvent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < urns.length) {
      const urn = urns[next++]!;
      const [own, stored] = await Promise.all([listInspections(table, urn), listCouncilEvents(table, urn)]);
      records.push(...own);
      events.push(...stored.map((item) => item.event));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { records, events };
}
