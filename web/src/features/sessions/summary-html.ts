// The session summary as one self-contained HTML file (no script, no external file): the session's
// name and time, the summary's lines, the plots as PNG (data: URLs) each with its text alternative,
// the pauses one per row, and the mapping that steered the sound. Opens in any browser, offline.
import type { TrainingLog } from '../../../../workers/analysis/training-log.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface SummaryDocument {
  title: string;
  startedAt: string;
  deviceName: string;
  lines: string[];
  /** PNG data URLs with what each shows in words. */
  plots: Array<{ png: string; alt: string }>;
  log: TrainingLog;
  /** The mappings in use, as JSON (null without). */
  mappingJson: string | null;
}

export function summaryHtml(doc: SummaryDocument): string {
  for (const plot of doc.plots) if (!plot.png.startsWith('data:image/png;base64,')) throw new Error(`plot "${plot.alt}" is not a PNG data URL`);
  const pauses = doc.log.pauses
    .map((p) => `<tr><td>${escapeHtml(p.reason)}</td><td>${p.startSec.toFixed(1)}</td><td>${(p.endSec - p.startSec).toFixed(1)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Training summary: ${doc.title}`)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1f24; background: #fff; max-width: 920px; margin: 2rem auto; padding: 0 1rem; }
img { max-width: 100%; border: 1px solid #d7dbe0; }
table { border-collapse: collapse; } td, th { border: 1px solid #d7dbe0; padding: 0.2rem 0.6rem; text-align: left; }
pre { background: #f4f6f8; padding: 0.6rem; overflow: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<p>${escapeHtml(`${doc.startedAt} · ${doc.deviceName}`)}</p>
<ul>
${doc.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
${doc.plots.map((p) => `<figure><img src="${p.png}" alt="${escapeHtml(p.alt)}"><figcaption>${escapeHtml(p.alt)}</figcaption></figure>`).join('\n')}
<h2>Pauses</h2>
${pauses ? `<table><thead><tr><th>Reason</th><th>Start (s into training)</th><th>Length (s)</th></tr></thead><tbody>${pauses}</tbody></table>` : '<p>None.</p>'}
${doc.mappingJson ? `<h2>Mapping</h2>\n<pre>${escapeHtml(doc.mappingJson)}</pre>` : ''}
<p><small>Exported by Clisonix. The score's probability and its 95 % interval are computed from the eyes-open / eyes-closed baseline (see docs/jona.md).</small></p>
</body>
</html>
`;
}
