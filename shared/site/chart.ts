/**
 * The year-by-year chart of the national distribution of overall grades (pure):
 * an SVG of stacked bars drawn on the server, and a table with the same numbers.
 */
import { html, type Html } from './html.ts';
import { DISTRIBUTION_BANDS, type DistributionBand, type YearDistribution } from './history.ts';
import { COLOURS } from './measures.ts';

export const BAND_LABELS: Record<DistributionBand, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement (or adequate)',
  inadequate: 'Inadequate',
  judgements_only: 'No overall grade (2026 framework)',
  not_graded: 'No full inspection yet',
};

/** Colour key of each band (the hex map's). */
const BAND_COLOURS: Record<DistributionBand, keyof typeof COLOURS> = {
  outstanding: 'outstanding',
  good: 'good',
  requires_improvement: 'requires_improvement',
  inadequate: 'inadequate',
  judgements_only: 'pa_none',
  not_graded: 'none',
};

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 34;
const BOTTOM = 22;

export function distributionChart(years: readonly YearDistribution[]): Html {
  if (years.length === 0) return html`<p>No full inspection has been recorded yet.</p>`;
  const total = Math.max(...years.map((y) => DISTRIBUTION_BANDS.reduce((sum, band) => sum + y.counts[band], 0)), 1);
  const slot = (WIDTH - LEFT) / years.length;
  const barWidth = Math.max(4, Math.min(36, slot * 0.7));
  const scale = (HEIGHT - BOTTOM - 8) / total;
  const round = (n: number) => Math.round(n * 10) / 10;
  const bars = years.map((entry, i) => {
    let top = HEIGHT - BOTTOM;
    const x = round(LEFT + i * slot + (slot - barWidth) / 2);
    const rects = DISTRIBUTION_BANDS.filter((band) => entry.counts[band] > 0).map((band) => {
      const height = round(entry.counts[band] * scale);
      top = round(top - height);
      return html`<rect class="k-${BAND_COLOURS[band]}" x="${x}" y="${top}" width="${round(barWidth)}" height="${height}"><title>${entry.year}: ${entry.counts[band]} ${BAND_LABELS[band]}</title></rect>`;
    });
    return html`<g>${rects}<text x="${round(x + barWidth / 2)}" y="${HEIGHT - 6}" text-anchor="middle">${years.length > 12 ? `’${String(entry.year).slice(2)}` : entry.year}</text></g>\n`;
  });
  const ticks = [0, Math.round(total / 2), total].map((n) => {
    const y = round(HEIGHT - BOTTOM - n * scale);
    return html`<line x1="${LEFT - 4}" x2="${WIDTH}" y1="${y}" y2="${y}"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${n}</text>`;
  });
  return html`<figure class="chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">
<title id="chart-title">Councils by overall effectiveness at the end of each year</title>
<desc id="chart-desc">Stacked bars, one a year; the table below gives the numbers.</desc>
<g class="axis">${ticks}</g>
${bars}</svg>
<ul class="key" aria-label="Key: overall effectiveness">
${DISTRIBUTION_BANDS.map((band) => html`<li><span class="swatch k-${BAND_COLOURS[band]}" aria-hidden="true"></span>${BAND_LABELS[band]}</li>`)}
</ul>
</figure>
<table class="numbers">
<caption>Councils by the overall grade of their latest full inspection, at the end of each year (this year: so far)</caption>
<thead><tr><th scope="col">Year</th>${DISTRIBUTION_BANDS.map((band) => html`<th scope="col">${BAND_LABELS[band]}</th>`)}</tr></thead>
<tbody>
${years.map((entry) => html`<tr><th scope="row">${entry.year}</th>${DISTRIBUTION_BANDS.map((band) => html`<td>${entry.counts[band]}</td>`)}</tr>\n`)}</tbody>
</table>`;
}
