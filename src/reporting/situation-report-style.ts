/**
 * The situation report's stylesheet, inlined in the page so the HTML (and the PDF made from it) needs nothing from
 * anywhere. The server allows exactly this stylesheet by its hash in the report's Content-Security-Policy.
 */
export const SITUATION_REPORT_CSS = `
@page { size: A4; margin: 14mm 13mm 16mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10pt/1.45 system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2937; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 20pt; margin: 0; line-height: 1.2; }
h2 { font-size: 13pt; margin: 7mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 1.5px solid #1f2937; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #4b5563; margin: 0 0 1mm; }
.period { font-size: 12pt; margin: 1mm 0 3mm; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 4mm; margin: 0; font-size: 9pt; color: #374151; }
.meta dt { font-weight: 700; }
.meta dd { margin: 0; }
.report-header { border-bottom: 3px solid #1f2937; padding-bottom: 3mm; }
.figures { break-inside: avoid; display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 2mm 0 3mm; }
.figure { border: 1px solid #d1d5db; border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.figure .label { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .05em; color: #4b5563; }
.figure .value { font-size: 18pt; font-weight: 700; line-height: 1.15; }
.figure .range { font-size: 9pt; color: #374151; }
caption, thead { break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0 3mm; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.8mm; border-bottom: 1px solid #e5e7eb; }
thead th { border-bottom: 1.5px solid #9ca3af; background: #f3f4f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.group th { background: #f9fafb; border-bottom: 1px solid #d1d5db; }
tr.total td { font-weight: 700; border-top: 1.5px solid #9ca3af; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #4b5563; margin-top: 1mm; }
svg.chart { display: block; width: 100%; height: auto; }
.note { font-size: 8.5pt; color: #4b5563; }
.unavailable { border: 1px dashed #9ca3af; background: #f9fafb; padding: 2mm 3mm; color: #374151; font-size: 9pt; break-inside: avoid; }
.unavailable strong { color: #111827; }
.badge { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; font-size: 8pt; font-weight: 700; border: 1px solid currentColor; }
.badge.probable { color: #9f1239; }
.badge.possible { color: #92400e; }
.badge.open { color: #1d4ed8; }
.badge.confirmed { color: #065f46; }
.badge.dismissed { color: #6b7280; }
.principle { break-inside: avoid; page-break-inside: avoid; }
.sources li { margin-bottom: 1mm; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #9ca3af; font-size: 8pt; color: #4b5563; }
@media screen { body { padding: 10mm 6mm; } }
`.trimStart();
