/**
 * The hex map and its key (pure). Every hex is a link to the council's page
 * carrying `data-ons-code` and `data-grade` (the value it shows); `data-values`
 * holds its value for every measure, in MEASURES order, so the page script can
 * switch measure without another request. Without the script the map shows
 * the default measure and the table below it has every value in words.
 */
import { hexMapGeometry } from './hexmap.ts';
import { html, type Html } from './html.ts';
import { colourKey, DEFAULT_MEASURE, MEASURES, measureKey, measureValue, valueLabel, type MeasureId } from './measures.ts';
import type { CouncilStanding } from './standing.ts';

const WIDTH = 600;
const HEIGHT = 560;

export function councilPagePath(onsCode: string): string {
  return `councils/${onsCode}.html`;
}

export function hexMap(standings: ReadonlyMap<string, CouncilStanding>, measure: MeasureId = DEFAULT_MEASURE): Html {
  const geometry = hexMapGeometry(WIDTH, HEIGHT);
  const hexes = geometry.hexes.map(({ council, x, y }) => {
    const standing = standings.get(council.urn)!;
    const value = measureValue(standing, measure);
    const values = MEASURES.map((m) => measureValue(standing, m.id)).join(' ');
    return html`<a class="hex k-${colourKey(measure, value)}" href="${councilPagePath(council.onsCode)}" data-ons-code="${council.onsCode}" data-grade="${value}" data-values="${values}"><title>${council.name}: ${valueLabel(measure, value, standing)}</title><use href="#hx" x="${x}" y="${y}"/></a>\n`;
  });
  return html`<svg class="hexmap" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group" aria-labelledby="map-title">
<defs><polygon id="hx" points="${geometry.points}"/></defs>
${hexes}</svg>`;
}

/** One key per measure; all but the shown one hidden (the page script swaps them). */
export function mapKeys(shown: MeasureId = DEFAULT_MEASURE): Html {
  return html`${MEASURES.map(
    (m) => html`<ul class="key" data-measure="${m.id}" aria-label="Key: ${m.label}"${m.id === shown ? '' : html` hidden`}>
${measureKey(m.id).map((entry) => html`<li><span class="swatch k-${entry.colour}" aria-hidden="true"></span>${entry.label}</li>`)}
</ul>
`,
  )}`;
}

/** The measure selector: shown only when the page script runs (without it the table says everything). */
export function measureSelector(shown: MeasureId = DEFAULT_MEASURE): Html {
  return html`<form class="measure" id="measure-form" hidden>
<label for="measure">Colour the map by</label>
<select id="measure" name="measure">
${MEASURES.map((m) => html`<option value="${m.id}"${m.id === shown ? html` selected` : ''}>${m.label}</option>`)}
</select>
</form>`;
}

/** The words for every value, for the page script (so it labels hexes as the server does). */
export function valueLabels(): Record<string, Record<string, string>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const m of MEASURES) {
    labels[m.id] = Object.fromEntries(measureKey(m.id).map((entry) => [entry.colour, entry.label]));
  }
  return labels;
}
