/**
 * The site's one stylesheet and one script (pure: text built from the
 * measures and colours, so the page, the key and the script agree).
 * The script only enhances: it shows the measure selector and recolours the
 * map; everything it shows is also in the HTML tables.
 */
import { valueLabels } from './map.ts';
import { COLOURS, MEASURES } from './measures.ts';

export function siteCss(): string {
  const colours = Object.entries(COLOURS)
    .map(([key, colour]) => `.k-${key}{fill:${colour}}.swatch.k-${key}{background:${colour}}`)
    .join('\n');
  return `:root{color-scheme:light;--ink:#1a1a1a;--muted:#505050;--line:#c8c8c8;--link:#1d4f91;--focus:#ffbf47}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:#fff}
a{color:var(--link)}a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header.site,footer.site{background:#f3f2f1;padding:.5rem 1rem}header.site p{margin:0;font-weight:600}
footer.site{margin-top:3rem;font-size:.9rem;color:var(--muted)}
main{max-width:70rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.8rem;line-height:1.2}h2{margin-top:2.5rem;border-top:1px solid var(--line);padding-top:1rem}
.lede{font-size:1.1rem;color:var(--muted)}
.map-and-key{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
svg.hexmap{width:100%;max-width:600px;height:auto}
a.hex use{stroke:#fff;stroke-width:1.5}
a.hex:hover use,a.hex:focus use{stroke:#000;stroke-width:3}
a.hex:focus{outline:none}
ul.key{list-style:none;padding:0;margin:0}ul.key li{margin:.2rem 0}
.swatch{display:inline-block;width:1.1rem;height:1.1rem;vertical-align:-.2rem;margin-right:.5rem;border:1px solid #767676}
form.measure{margin:1rem 0}form.measure select{font:inherit;padding:.25rem}
.scroll{overflow-x:auto;margin-top:1.5rem}
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.5rem 0}
ol.events,ol.timeline{padding-left:0;list-style:none}ol.events li{margin:.6rem 0}
.kind{font-weight:600}.kind-downgrade,.kind-urgent_action{color:#a4161a}.kind-upgrade{color:#1d6b3a}
.sources,.from,.meta{color:var(--muted);font-size:.9rem}
ol.timeline>li{border-left:4px solid var(--line);padding:.2rem 0 .2rem 1rem;margin:1rem 0}
ol.timeline h3{margin:.2rem 0;font-size:1.1rem}
ul.grades{margin:.3rem 0;padding-left:1.2rem}
dl.standing{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.standing dt{font-weight:600}dl.standing dd{margin:0}
figure.chart{margin:1rem 0}figure.chart svg{width:100%;max-width:640px;height:auto}
.axis line{stroke:#ddd}svg text{font-size:11px;fill:#333}
${colours}
`;
}

/** The page script: pick a measure, recolour every hex, relabel it, show that measure's key. */
export function siteJs(): string {
  const measures = JSON.stringify(MEASURES.map((m) => m.id));
  const labels = JSON.stringify(valueLabels());
  const colours = JSON.stringify(Object.keys(COLOURS));
  return `// ofsted-watch: switches the map between measures. Everything it shows is also in the tables.
(function () {
  'use strict';
  var MEASURES = ${measures};
  var LABELS = ${labels};
  var COLOURS = ${colours};
  function colourKey(measure, value) {
    if (measure === 'priorityActions') {
      var n = Number(value);
      return n === 0 ? 'pa_none' : n < 3 ? 'pa_some' : 'pa_many';
    }
    return COLOURS.indexOf(value) >= 0 ? value : 'none';
  }
  function label(measure, value) {
    if (measure === 'priorityActions') return Number(value) === 0 ? 'None open' : value + ' open';
    return LABELS[measure][colourKey(measure, value)] || value;
  }
  function show(measure) {
    var index = MEASURES.indexOf(measure);
    if (index < 0) return;
    var hexes = document.querySelectorAll('a.hex');
    for (var i = 0; i < hexes.length; i++) {
      var hex = hexes[i];
      var value = hex.getAttribute('data-values').split(' ')[index];
      hex.setAttribute('data-grade', value);
      hex.setAttribute('class', 'hex k-' + colourKey(measure, value));
      var title = hex.querySelector('title');
      title.textContent = title.textContent.split(': ')[0] + ': ' + label(measure, value);
    }
    var keys = document.querySelectorAll('ul.key[data-measure]');
    for (var k = 0; k < keys.length; k++) keys[k].hidden = keys[k].getAttribute('data-measure') !== measure;
  }
  var form = document.getElementById('measure-form');
  var select = document.getElementById('measure');
  if (!form || !select) return;
  form.hidden = false;
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  select.addEventListener('change', function () { show(select.value); });
  if (select.value !== MEASURES[0]) show(select.value);
})();
`;
}
