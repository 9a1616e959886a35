/**
 * The replay summary as one self-contained HTML page in Norwegian, for a compliance officer: key
 * figures, violations by type and by year (Chart.js, inlined), the claims overcharged the most,
 * the values with a single source the figures rest on, lines that could not be read, and the
 * impact of a proposed rule change. No network, no external files; it prints well.
 */
import { datoText } from '../calendar/index.ts';
import { krText } from '../money/index.ts';
import { plural } from '../text/plural.ts';
import type { ReplaySummary } from './summary.ts';

/** Short Norwegian names of the violation codes (the findings carry the full message from the rule). */
export const CODE_LABELS: Record<string, string> = {
  FEE_TOO_EARLY: 'Gebyr krevd for tidlig',
  FEE_ABOVE_CAP: 'Gebyr over høyeste lovlige sats',
  FEE_NOT_ALLOWED: 'Gebyr som ikke kan kreves',
  TOO_MANY_FEES: 'For mange gebyrer',
  STEP_TOO_EARLY: 'Skritt tatt for tidlig',
  STEP_TOO_LATE: 'Skritt tatt for sent',
  DEADLINE_TOO_SHORT: 'For kort betalingsfrist',
  MISSING_INKASSOVARSEL: 'Manglende inkassovarsel',
  MISSING_BETALINGSOPPFORDRING: 'Manglende betalingsoppfordring',
  STEP_WHILE_DISPUTED: 'Inndriving under innsigelse',
  STEP_AFTER_PAYMENT: 'Skritt etter at kravet var betalt',
  CLAIM_TIME_BARRED: 'Inndriving av foreldet krav',
  STANDARDKOMPENSASJON_NOT_ALLOWED: 'Standardkompensasjon mot forbruker',
  PURREGEBYR_AND_STANDARDKOMPENSASJON: 'Purregebyr i tillegg til standardkompensasjon',
  SALAER_TOO_EARLY: 'Inkassosalær krevd for tidlig',
  SALAER_ABOVE_CAP: 'Inkassosalær over tabellen',
  SALAER_NOT_ALLOWED: 'Inkassosalær som ikke kan kreves',
  INTEREST_ABOVE_LAWFUL: 'Rente over lovlig forsinkelsesrente',
  STEP_NOT_ALLOWED: 'Skritt som ikke er tillatt',
  LETTER_MISSING_CONTENT: 'Brev uten innhold loven krever',
  LETTER_WRONG_FIGURE: 'Brev med for kort frist eller for høyt beløp',
  COSTS_NOT_STATED: 'Kostnader utelatt i betalingsoppfordringen (kan ikke kreves)',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 1234567 → "1 234 567" (narrow no-break spaces, as Norwegian writes numbers). */
const whole = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** "1234.50" → "1 234,50 kr". */
export function kroner(amount: string): string {
  return `${krText(amount)}\u00a0kr`;
}

const share = (part: number, all: number) => (all ? `${((part / all) * 100).toFixed(1).replace('.', ',')}\u00a0%` : '–');

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  if (!rows.length) return '<p class="empty">Ingen.</p>';
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  return `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const card = (label: string, value: string, note = '') => `<div class="card"><div class="label">${label}</div><div class="value">${value}</div>${note ? `<div class="note">${note}</div>` : ''}</div>`;

/** A value with one source as the summary names it ("frister.x from 2009-01-01"), in Norwegian: "frister.x fra 01.01.2009". */
function unconfirmedText(value: string): string {
  const m = / from (\d{4}-\d{2}-\d{2})$/.exec(value);
  return m ? `${value.slice(0, m.index)} fra ${datoText(m[1]!)}` : value;
}

export function reportHtml(s: ReplaySummary, chartJs: string): string {
  const c = s.claims;
  const asOf = s.asOf === 'event' ? 'hvert krav per datoen for sin siste hendelse' : `alle krav per ${escape(datoText(s.asOf))}`;
  const status = s.complete
    ? 'Fullført'
    : `<strong class="warn">Ikke fullført</strong> (${escape(s.stoppedReason === 'interrupted' ? 'avbrutt' : s.stoppedReason ?? '')}); tallene gjelder linje 1–${whole(s.lastLine)}`;
  const byCode = s.violations.byCode;
  const byYear = s.violations.byYear;
  const chartData = {
    codes: byCode.map((e) => CODE_LABELS[e.code] ?? e.code),
    codeCounts: byCode.map((e) => e.violations),
    years: byYear.map((e) => String(e.year)),
    yearCounts: byYear.map((e) => e.violations),
    yearKroner: byYear.map((e) => Number(e.overcharged)),
  };
  const sections: string[] = [];
  sections.push(`<section><h2>Nøkkeltall</h2><div class="cards">
    ${card('Krav lest', whole(c.read))}
    ${card('Krav med brudd', whole(c.withViolations), share(c.withViolations, c.evaluated))}
    ${card('Brudd', whole(s.violations.total))}
    ${card('Krevd for mye', kroner(s.overcharged.total), `gebyrer ${kroner(s.overcharged.fees)}, renter ${kroner(s.overcharged.interest)}`)}
    ${card('Linjer som ikke kunne leses', whole(c.malformed))}
    ${card('Krav som ikke kunne vurderes', whole(c.failed))}
  </div>
  <p class="explain">«Krevd for mye» er summen av gebyr og salær krevd ut over det loven tillot på datoen for hver hendelse, pluss for hvert krav den største forsinkelsesrenten et brev krevde ut over lovlig rente.</p></section>`);
  sections.push(`<section><h2>Brudd etter type</h2>${byCode.length ? '<div class="chart"><canvas id="chart-codes"></canvas></div>' : ''}
    ${table(['Brudd', 'Kode', 'Hjemmel', 'Antall brudd', 'Antall krav'], byCode.map((e) => [escape(CODE_LABELS[e.code] ?? e.code), `<code>${escape(e.code)}</code>`, escape(e.hjemmel.join('; ')), whole(e.violations), whole(e.claims)]), [3, 4])}</section>`);
  sections.push(`<section><h2>Brudd etter år</h2>${byYear.length ? '<div class="chart"><canvas id="chart-years"></canvas></div>' : ''}
    ${table(['År', 'Brudd', 'Krevd for mye'], byYear.map((e) => [String(e.year), whole(e.violations), kroner(e.overcharged)]), [1, 2])}
    <p class="explain">Året er året for hendelsen (brevet, gebyret) der bruddet skjedde.</p></section>`);
  sections.push(`<section><h2>Krav med mest krevd for mye</h2>
    ${table(['Linje', 'Krav', 'Krevd for mye', 'Brudd'], s.topClaims.map((e) => [whole(e.line), escape(e.claimId), kroner(e.overcharged), e.codes.map((x) => escape(CODE_LABELS[x] ?? x)).join(', ')]), [0, 2])}</section>`);
  if (s.unconfirmed.values.length) {
    sections.push(`<section><h2>Verdier med bare én kilde (status S)</h2>
      <p>${whole(s.unconfirmed.claims)} krav (${whole(s.unconfirmed.claimsWithViolations)} av dem med brudd) er vurdert med minst én verdi som bare har én kilde. Funn som hviler på disse verdiene bør kontrolleres mot lovteksten før de brukes.</p>
      ${table(['Verdi (regel, gyldig fra)', 'Antall krav'], s.unconfirmed.values.map((v) => [`<code>${escape(unconfirmedText(v.value))}</code>`, whole(v.claims)]), [1])}</section>`);
  }
  if (s.problems.length) {
    sections.push(`<section><h2>Linjer som ikke kunne leses eller vurderes</h2>
      <p>${whole(c.malformed)} ${plural(c.malformed, 'linje', 'linjer')} kunne ikke leses og ${whole(c.failed)} krav kunne ikke vurderes${c.malformed + c.failed > s.problems.length ? `; de første ${s.problems.length} vises` : ''}. Resten av filen er vurdert.</p>
      ${table(['Linje', 'Krav', 'Kode', 'Årsak'], s.problems.map((p) => [whole(p.line), escape(p.claimId ?? ''), `<code>${escape(p.code)}</code>`, escape(p.message)]), [0])}</section>`);
  }
  if (s.compare) {
    const k = s.compare;
    const codes = [...new Set([...Object.keys(k.violations.added), ...Object.keys(k.violations.removed)])].sort();
    sections.push(`<section><h2>Virkning av foreslått regelendring</h2>
      <p>Foreslått regelsett: <code>${escape(k.rules.dir)}</code> (versjon <code>${escape(k.rules.version.slice(0, 12))}</code>). ${whole(k.compared)} krav sammenlignet, ${whole(k.changed)} endres${k.failedOnlyOneSide ? `, ${whole(k.failedOnlyOneSide)} kan bare vurderes etter det ene regelsettet` : ''}.</p>
      ${table(['', 'Gjeldende regler', 'Foreslåtte regler'], [
        ['Forsinkelsesrente', kroner(k.interest.before), kroner(k.interest.after)],
        ['Lovlige gebyrer og salær', kroner(k.fees.before), kroner(k.fees.after)],
        ['Utestående', kroner(k.outstanding.before), kroner(k.outstanding.after)],
      ], [1, 2])}
      <p>Neste lovlige skritt flyttes for ${whole(k.nextStep.moved)} krav (tidligere for ${whole(k.nextStep.earlier)}, senere for ${whole(k.nextStep.later)}).</p>
      ${codes.length ? table(['Brudd', 'Nye', 'Faller bort'], codes.map((x) => [escape(CODE_LABELS[x] ?? x), whole(k.violations.added[x] ?? 0), whole(k.violations.removed[x] ?? 0)]), [1, 2]) : ''}
      <h3>Største endringer i utestående</h3>
      ${table(['Linje', 'Krav', 'Før', 'Etter'], k.topClaims.map((e) => [whole(e.line), escape(e.claimId), kroner(e.outstandingBefore), kroner(e.outstandingAfter)]), [0, 2, 3])}</section>`);
  }
  const data = JSON.stringify(chartData).replace(/</g, '\\u003c');
  const script = chartJs.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Etterkontroll av inkassokrav – ${escape(s.input)}</title>
<style>
  :root { --ink: #1d2733; --muted: #5b6776; --line: #d8dee6; --accent: #1f5f99; --warn: #a03a12; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1040px; padding: 24px; }
  h1 { font-size: 1.6rem; margin: 0 0 4px; }
  h2 { font-size: 1.2rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
  .meta { color: var(--muted); margin: 0; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
  .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  .card .label { color: var(--muted); font-size: .85rem; }
  .card .value { font-size: 1.4rem; font-weight: 600; }
  .card .note { color: var(--muted); font-size: .8rem; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .92rem; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { background: #f3f6f9; font-weight: 600; }
  .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  .chart { position: relative; height: 320px; margin: 8px 0 16px; }
  .explain, .empty { color: var(--muted); font-size: .9rem; }
  .warn { color: var(--warn); }
  code { font-size: .85em; }
  footer { margin-top: 40px; color: var(--muted); font-size: .8rem; }
  @media print { .chart { height: 260px; } section { break-inside: avoid; } }
</style>
</head>
<body>
<header>
  <h1>Etterkontroll av inkassokrav</h1>
  <p class="meta">Fil: <code>${escape(s.input)}</code> · ${whole(c.read)} krav${c.firstDueDate ? ` med forfall ${escape(datoText(c.firstDueDate))} – ${escape(c.lastDueDate ? datoText(c.lastDueDate) : '')}` : ''}</p>
  <p class="meta">Regelsett <code>${escape(s.rules.dir)}</code>, versjon <code>${escape(s.rules.version.slice(0, 12))}</code> · vurdert ${asOf}, med reglene som gjaldt på datoen for hver hendelse</p>
  <p class="meta">Kjørt ${escape(`${datoText(s.startedAt.slice(0, 10))} ${s.startedAt.slice(11, 19)}`)} UTC på ${s.seconds.toFixed(1).replace('.', ',')} s · ${status}</p>
</header>
${sections.join('\n')}
<footer>Laget av inkassomotor (inkasso replay). Regelsettets fulle versjon: <code>${escape(s.rules.version)}</code>. Hvert brudd i funnfila har regel-id, hjemmel og melding fra regelfila.</footer>
<script type="application/json" id="report-data">${data}</script>
<script>${script}</script>
<script>
(function () {
  if (typeof Chart === 'undefined') return;
  var d = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  var nb = new Intl.NumberFormat('nb-NO');
  var codes = document.getElementById('chart-codes');
  if (codes) new Chart(codes, {
    type: 'bar',
    data: { labels: d.codes, datasets: [{ label: 'Antall brudd', data: d.codeCounts, backgroundColor: '#1f5f99' }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } }
  });
  var years = document.getElementById('chart-years');
  if (years) new Chart(years, {
    data: {
      labels: d.years,
      datasets: [
        { type: 'bar', label: 'Antall brudd', data: d.yearCounts, backgroundColor: '#1f5f99', yAxisID: 'y' },
        { type: 'line', label: 'Krevd for mye (kr)', data: d.yearKroner, borderColor: '#a03a12', backgroundColor: '#a03a12', yAxisID: 'kr' }
      ]
    },
    options: {
      maintainAspectRatio: false, animation: false,
      scales: {
        y: { position: 'left', beginAtZero: true, title: { display: true, text: 'Brudd' }, ticks: { callback: function (v) { return nb.format(v); } } },
        kr: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'Kroner' }, ticks: { callback: function (v) { return nb.format(v); } } }
      },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + nb.format(c.parsed.y); } } } }
    }
  });
})();
</script>
</body>
</html>
`;
}
