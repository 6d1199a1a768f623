/** The part of d3-hexjson (no types published) the site uses. */
declare module 'd3-hexjson' {
  export interface HexJsonHex {
    q: number;
    r: number;
    [field: string]: unknown;
  }
  export interface HexJson {
    layout: 'odd-r' | 'even-r' | 'odd-q' | 'even-q';
    hexes: Record<string, HexJsonHex>;
  }
  export interface RenderedHex extends HexJsonHex {
    key: string;
    /** Column and row from the top left (row 0 is the top). */
    qc: number;
    rc: number;
    x: number;
    y: number;
    vertices: { x: number; y: number }[];
    /** The polygon's points attribute, relative to x, y. */
    points: string;
  }
  export function renderHexJSON(hexjson: HexJson, width: number, height: number): RenderedHex[];
  const d3hexjson: { renderHexJSON: typeof renderHexJSON };
  export default d3hexjson;
}
