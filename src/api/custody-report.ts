import type { CustodyReport } from '../application/evidence.service.js';

/** The stylesheet of the printable custody report: served by the API, since the CSP forbids inline styles. */
export const CUSTODY_REPORT_CSS = `
@page { size: A4; margin: 18mm 15mm; }
body { font: 10.5pt/1.45 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 17pt; margin: 0 0 .2rem; }
h2 { font-size: 12.5pt; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #999; padding-bottom: .2rem; }
.subtitle { color: #444; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border: 1px solid #bbb; }
th { background: #eee; }
table.facts th { width: 13rem; }
.hash { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 8.5pt; word-break: break-all; }
.missing { color: #a00; font-weight: bold; }
.details { margin: 0; padding-left: 1rem; }
footer { margin-top: 2rem; font-size: 9pt; color: #444; }
.signature { margin-top: 2.5rem; display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }
.signature div { border-top: 1px solid #111; padding-top: .3rem; }
tr { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`.trimStart();

export const CUSTODY_REPORT_CSS_PATH = '/api/v1/evidence/custody-report.css';

const escapeHtml = (value: string | number | boolean | null | undefined): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const EVENT_LABELS: Record<string, string> = {
  captured: 'Captured and hashed on the device (sealed on arrival)',
  received: 'Received (original preserved)',
  accessed: 'Accessed (downloaded)',
  copied: 'Working copy made',
  transferred: 'Transferred',
  verified: 'Verified against its hash',
};

function detailList(details: Record<string, unknown>): string {
  const rows = Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</li>`);
  return rows.length ? `<ul class="details">${rows.join('')}</ul>` : '';
}

/** A self-contained, printable HTML page: no script, the stylesheet linked from the same origin. */
export function renderCustodyReport(report: CustodyReport): string {
  const { item } = report;
  const capture = item.capture;
  const facts: [string, string][] = [
    ['Evidence item', escapeHtml(item.id)],
    ['Original file name', escapeHtml(item.originalName)],
    ['Type (from content)', `${escapeHtml(item.mediaType)} (${escapeHtml(item.kind)})`],
    ['Size', `${escapeHtml(item.sizeBytes.toLocaleString('en'))} bytes`],
    ['SHA-256 of the original', `<span class="hash">${escapeHtml(item.sha256)}</span>`],
    ['Received', `${escapeHtml(item.receivedAt)} by ${escapeHtml(item.receivedBy.name)}`],
    ['Source (as stated)', escapeHtml(item.source ?? '—')],
    ['Location (as stated)', escapeHtml(item.location ?? '—')],
    ['Uploaded from (IP)', escapeHtml(item.uploaderIp ?? '—')],
    ['Incidents', escapeHtml(item.incidentIds.join(', ') || '—')],
    ['Description', escapeHtml(item.description ?? '—')],
    ['Device', escapeHtml([capture.make, capture.model].filter(Boolean).join(' ') || '—')],
    ['Captured (device clock)', escapeHtml(capture.capturedAt ?? '—')],
    ['GPS (from the file)', capture.gps ? escapeHtml(`${capture.gps.lat}, ${capture.gps.lon}${capture.gps.altitude !== undefined ? ` (${capture.gps.altitude} m)` : ''}`) : '—'],
    ['Working copy', item.workingCopy ? `<span class="hash">${escapeHtml(item.workingCopy.sha256)}</span><br>${escapeHtml(item.workingNote)}` : escapeHtml(item.workingNote)],
  ];
  const events = report.events
    .map(
      (e, i) => `<tr>
<td>${i + 1}</td>
<td>${escapeHtml(e.at)}</td>
<td>${escapeHtml(EVENT_LABELS[e.kind] ?? e.kind)}${detailList(e.details)}</td>
<td>${escapeHtml(e.actor.name)}<br>(${escapeHtml(e.actor.role)})</td>
<td>${e.ledger.seq}</td>
<td>${e.ledgerEntry ? `<span class="hash">${escapeHtml(e.ledgerEntry.hash)}</span><br>previous: <span class="hash">${escapeHtml(e.ledgerEntry.prevHash)}</span><br>key ${escapeHtml(e.ledgerEntry.keyId)}` : `<span class="missing">DOES NOT MATCH THE LEDGER: ${escapeHtml(e.ledgerProblem ?? 'not found in the ledger')}</span>`}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chain of custody: ${escapeHtml(item.originalName)}</title>
<link rel="stylesheet" href="${CUSTODY_REPORT_CSS_PATH}">
</head>
<body>
<h1>Chain of custody report</h1>
<p class="subtitle">${escapeHtml(item.originalName)} — Haven evidence item ${escapeHtml(item.id)}</p>
<h2>The item</h2>
<table class="facts">
${facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('\n')}
</table>
<h2>Custody events</h2>
<table class="events">
<thead><tr><th>#</th><th>When (UTC)</th><th>What</th><th>Who</th><th>Ledger entry</th><th>Ledger hash</th></tr></thead>
<tbody>
${events}
</tbody>
</table>
<footer>
<p>Every event above is an entry in Haven's tamper-evident ledger: each entry holds the SHA-256 of the entry before it and is signed with the server's Ed25519 key, so changing, removing or reordering any event breaks the chain. Check the file against the SHA-256 above, and the ledger with <code>haven ledger verify</code> or an exported segment.</p>
<p>Generated ${escapeHtml(report.generatedAt)} by ${escapeHtml(report.generatedBy)}.</p>
<div class="signature"><div>Name, signature and date</div><div>Received by: name, signature and date</div></div>
</footer>
</body>
</html>
`;
}
