/**
 * The hex map of England's 153 councils that run children's social care (pure).
 *
 * Open Innovations' upper-tier cartogram (hexmap.data.ts) predates the changes
 * of 2019-2025, so its cells are brought up to date here, each move stated:
 * a county that split gives its cell to one successor and a free neighbour to
 * the other (or its row moves over by one to make room); a council that was
 * recoded keeps its cell under the new code. Wales, Scotland and Northern
 * Ireland are not in the source. Positions come from d3-hexjson.
 */
import { renderHexJSON, type HexJson } from 'd3-hexjson';
import type { Council } from '../domain/council.ts';
import { councilByOnsCode, currentCouncils } from '../register/register.ts';
import { HEXJSON_LAYOUT, SOURCE_HEXES, type SourceHex } from './hexmap.data.ts';

/** One council's cell: `q` column, `r` row counted from the bottom (HexJSON odd-r: odd rows sit half a hex right). */
export interface HexCell {
  onsCode: string;
  q: number;
  r: number;
}

type Move =
  | { kind: 'recode'; from: string; to: string }
  | { kind: 'split'; from: string; to: readonly [HexCell, HexCell] }
  | { kind: 'shift'; onsCode: string; q: number; r: number };

/**
 * The edits, in order. Northamptonshire's cell has no free neighbour, so
 * Herefordshire and Warwickshire move one column west and the two new
 * councils take the two cells in the middle of the Midlands row.
 */
const MOVES: readonly Move[] = [
  { kind: 'recode', from: 'E10000002', to: 'E06000060' }, // Buckinghamshire, unitary from April 2020
  { kind: 'recode', from: 'E10000023', to: 'E06000065' }, // North Yorkshire, unitary from April 2023
  { kind: 'recode', from: 'E10000027', to: 'E06000066' }, // Somerset, unitary from April 2023
  { kind: 'recode', from: 'E08000016', to: 'E08000038' }, // Barnsley, recoded April 2025
  { kind: 'recode', from: 'E08000019', to: 'E08000039' }, // Sheffield, recoded April 2025
  // Cumbria (6,14), April 2023: Westmorland and Furness keeps the cell beside Lancashire; Cumberland goes north of it.
  { kind: 'split', from: 'E10000006', to: [{ onsCode: 'E06000064', q: 6, r: 14 }, { onsCode: 'E06000063', q: 6, r: 15 }] },
  // Northamptonshire (7,6), April 2021.
  { kind: 'shift', onsCode: 'E06000019', q: 4, r: 6 }, // Herefordshire
  { kind: 'shift', onsCode: 'E10000031', q: 5, r: 6 }, // Warwickshire
  { kind: 'split', from: 'E10000021', to: [{ onsCode: 'E06000062', q: 6, r: 6 }, { onsCode: 'E06000061', q: 7, r: 6 }] },
];

export class HexMapError extends Error {
  override name = 'HexMapError';
}

function applyMoves(source: Readonly<Record<string, SourceHex>>): Map<string, HexCell> {
  const cells = new Map<string, HexCell>(Object.entries(source).map(([onsCode, hex]) => [onsCode, { onsCode, q: hex.q, r: hex.r }]));
  const take = (code: string): HexCell => {
    const cell = cells.get(code);
    if (!cell) throw new HexMapError(`hex map: no cell for ${code}`);
    cells.delete(code);
    return cell;
  };
  for (const move of MOVES) {
    if (move.kind === 'recode') {
      const cell = take(move.from);
      cells.set(move.to, { ...cell, onsCode: move.to });
    } else if (move.kind === 'shift') {
      take(move.onsCode);
      cells.set(move.onsCode, { onsCode: move.onsCode, q: move.q, r: move.r });
    } else {
      take(move.from);
      for (const cell of move.to) cells.set(cell.onsCode, { ...cell });
    }
  }
  return cells;
}

/**
 * Every current council's cell, checked against the register: one cell each,
 * no cell shared, no cell for anything else.
 */
export function councilCells(): HexCell[] {
  const cells = applyMoves(SOURCE_HEXES);
  const taken = new Map<string, string>();
  for (const cell of cells.values()) {
    const at = `${cell.q},${cell.r}`;
    const clash = taken.get(at);
    if (clash) throw new HexMapError(`hex map: ${clash} and ${cell.onsCode} share cell ${at}`);
    taken.set(at, cell.onsCode);
    const council = councilByOnsCode(cell.onsCode);
    if (!council?.current || council.onsCode !== cell.onsCode) throw new HexMapError(`hex map: ${cell.onsCode} is not a current council's code`);
  }
  const missing = currentCouncils().filter((council) => !cells.has(council.onsCode));
  if (missing.length) throw new HexMapError(`hex map: no cell for ${missing.map((c) => c.name).join(', ')}`);
  return [...cells.values()];
}

export interface PlacedHex {
  council: Council;
  /** Centre, in the map's coordinates. */
  x: number;
  y: number;
}

export interface HexMapGeometry {
  width: number;
  height: number;
  /** The hexagon's points relative to its centre (pointy top), for an SVG polygon. */
  points: string;
  hexes: PlacedHex[];
}

/**
 * Where each hex goes on a width x height drawing. d3-hexjson numbers rows
 * from the top and shifts rows by that number's parity; HexJSON numbers them
 * from the bottom, so when the top row is odd the shift it needs is the other one.
 */
export function hexMapGeometry(width: number, height: number): HexMapGeometry {
  const cells = councilCells();
  const rmax = Math.max(...cells.map((cell) => cell.r));
  const flip = HEXJSON_LAYOUT === 'odd-r' ? 'even-r' : 'odd-r';
  const layout = rmax % 2 === 0 ? HEXJSON_LAYOUT : flip;
  const hexjson: HexJson = { layout, hexes: Object.fromEntries(cells.map((cell) => [cell.onsCode, { q: cell.q, r: cell.r }])) };
  const rendered = renderHexJSON(hexjson, width, height);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width,
    height,
    points: rendered[0]!.vertices.map((v) => `${round(v.x)},${round(v.y)}`).join(' '),
    hexes: rendered
      .map((hex) => ({ council: councilByOnsCode(hex.key)!, x: round(hex.x), y: round(hex.y) }))
      .sort((a, b) => a.council.name.localeCompare(b.council.name)),
  };
}
