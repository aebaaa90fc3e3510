/** The report's only stylesheet, inlined: system fonts, no external resource of any kind. */
export const REPORT_CSS = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --paper: #ffffff; --wash: #f8fafc; --accent: #2563eb;
  --goal: #059669; --good: #059669; --bad: #dc2626; --neutral: #475569; --weak: #94a3b8; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 0 0 8px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px; margin-top: 18px; }
section > p.lead { color: var(--muted); margin: 0 0 14px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-top: 20px; }
.tile { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; }
.tile .number { font-size: 26px; font-weight: 650; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
.tile .caption { color: var(--muted); font-size: 12.5px; }
.notes { background: #fffbeb; border: 1px solid #fcd34d; border-radius: 12px; padding: 12px 18px; margin-top: 18px; }
.notes h2 { font-size: 14px; margin: 0 0 4px; color: #92400e; }
.notes ul { margin: 0; padding-left: 18px; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 14px 28px; }
.card h3 { display: flex; justify-content: space-between; align-items: baseline; }
.card h3 small { color: var(--muted); font-weight: 400; font-size: 12px; }
.exits { color: var(--muted); font-size: 12.5px; margin: 2px 0 0; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .label { font-size: 12px; fill: var(--ink); }
svg .strong { font-weight: 600; }
svg .value { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
svg .muted, .muted { fill: var(--muted); color: var(--muted); }
svg .small { font-size: 11px; fill: var(--ink); }
svg .small.muted { fill: var(--muted); }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .legend { font-size: 11px; fill: var(--ink); }
svg .inside { font-size: 11px; fill: #fff; font-weight: 600; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .zero { stroke: var(--ink); stroke-width: 1.2; stroke-dasharray: 4 3; }
svg .bar { fill: var(--accent); }
svg .bar-instances { fill: #60a5fa; }
svg .bar-goal { fill: var(--goal); }
svg .bar-muted { fill: #cbd5e1; }
svg .hover { fill: transparent; }
svg .hover:hover { fill: rgba(15, 23, 42, 0.05); }
svg .stripe { fill: #f8fafc; }
svg .stripe-none { fill: transparent; }
svg .ci { stroke-width: 2.4; stroke-linecap: round; }
svg .ci-variant_better { stroke: var(--good); }
svg .ci-control_better { stroke: var(--bad); }
svg .ci-no_difference { stroke: var(--neutral); }
svg .ci-weak { stroke: var(--weak); stroke-dasharray: 3 4; stroke-width: 2; }
svg .point-variant_better { fill: var(--good); }
svg .point-control_better { fill: var(--bad); }
svg .point-no_difference { fill: var(--neutral); }
svg .point-weak { fill: #fff; stroke: var(--weak); stroke-width: 2; }
svg .pill-variant_better { fill: #d1fae5; }
svg .pill-control_better { fill: #fee2e2; }
svg .pill-no_difference { fill: #e2e8f0; }
svg .pill-not_enough_data { fill: #fff; stroke: var(--weak); stroke-dasharray: 3 2; }
svg .pill-text { font-size: 11px; font-weight: 600; }
svg .pill-text-variant_better { fill: #065f46; }
svg .pill-text-control_better { fill: #991b1b; }
svg .pill-text-no_difference { fill: #334155; }
svg .pill-text-not_enough_data { fill: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
td.text { white-space: normal; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
.table-wrap { overflow-x: auto; margin-top: 12px; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.verdict-variant_better { background: #d1fae5; color: #065f46; }
.verdict-control_better { background: #fee2e2; color: #991b1b; }
.verdict-no_difference { background: #e2e8f0; color: #334155; }
.verdict-not_enough_data { border: 1px dashed var(--weak); color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; color: #334155; }
footer { color: var(--muted); font-size: 12px; margin-top: 22px; }
footer p { margin: 4px 0; }
@media print { body { background: #fff; } section, .tile { break-inside: avoid; } }
`;
