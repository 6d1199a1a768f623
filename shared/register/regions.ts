/** The nine English regions (ONS names), and loose ways of naming them. */
import { WatchError } from '../domain/errors.ts';
export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
] as const;

export type Region = (typeof REGIONS)[number];

export class UnknownRegionError extends WatchError<'unknown_region'> {
  override name = 'UnknownRegionError';
  readonly region: string;
  constructor(region: string) {
    super('unknown_region', `unknown region "${region}": use one of ${REGIONS.join(', ')}`);
    this.region = region;
  }
}

function regionKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z]+/g, ' ')
    .replace(/\b(the|region|of|england|english)\b/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

const LOOSE: Record<string, Region> = {
  'yorkshire and humber': 'Yorkshire and the Humber',
  'yorkshire and humberside': 'Yorkshire and the Humber',
  yorkshire: 'Yorkshire and the Humber',
  'yorks and humber': 'Yorkshire and the Humber',
  yh: 'Yorkshire and the Humber',
  eastern: 'East of England',
  ee: 'East of England',
  'greater london': 'London',
  gl: 'London',
  ne: 'North East',
  nw: 'North West',
  em: 'East Midlands',
  wm: 'West Midlands',
  se: 'South East',
  sw: 'South West',
};
const BY_KEY = new Map<string, Region>([
  ...REGIONS.map((r): [string, Region] => [regionKey(r), r]),
  ...Object.entries(LOOSE),
]);

/** The canonical region for a loosely written name; throws UnknownRegionError if there is none. */
export function regionOf(name: string): Region {
  const region = BY_KEY.get(regionKey(name));
  if (!region) throw new UnknownRegionError(name);
  return region;
}
