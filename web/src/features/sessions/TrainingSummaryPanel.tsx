// A session's training summary in the library: its figures in words, the score and latency plots,
// and an export to one HTML file with the plots as PNG (summary-html.ts).
import { For, onMount } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { saveBlob } from '../../app/save-file.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';
import type { TrainingLog } from '../../../../workers/analysis/training-log.ts';
import { drawLatencyHistogram, drawScorePlot } from './summary-plots.ts';
import { summaryHtml } from './summary-html.ts';
import { summariseTraining, summaryLines } from './training-summary.ts';

const PLOT = { width: 720, height: 220 };

/** Draws both plots on fresh canvases (for the view, and again for the export at the same size). */
function drawPlots(log: TrainingLog, score: HTMLCanvasElement, latency: HTMLCanvasElement) {
  const summary = summariseTraining(log);
  for (const c of [score, latency]) {
    c.width = PLOT.width;
    c.height = PLOT.height;
  }
  drawScorePlot(score.getContext('2d')!, log, PLOT.width, PLOT.height);
  drawLatencyHistogram(latency.getContext('2d')!, log, summary, PLOT.width, PLOT.height);
}

export function TrainingSummaryPanel(props: { session: StoredSession; log: TrainingLog }) {
  const summary = () => summariseTraining(props.log);
  const lines = () => summaryLines(summary(), props.log.target);
  let scoreCanvas!: HTMLCanvasElement;
  let latencyCanvas!: HTMLCanvasElement;
  onMount(() => drawPlots(props.log, scoreCanvas, latencyCanvas));
  const scoreAlt = () => `Score over time. ${lines()[1]}. ${lines().find((l) => l.startsWith('Paused') || l === 'No pauses')}.`;
  const latencyAlt = () => `Loop latency histogram. ${lines().find((l) => l.startsWith('Loop latency'))}.`;

  const exportHtml = () => {
    const score = document.createElement('canvas');
    const latency = document.createElement('canvas');
    drawPlots(props.log, score, latency);
    const s = props.session;
    const html = summaryHtml({
      title: s.title,
      startedAt: new Date(s.startedAtMs).toLocaleString(),
      deviceName: s.deviceName,
      lines: lines(),
      plots: [
        { png: score.toDataURL('image/png'), alt: scoreAlt() },
        { png: latency.toDataURL('image/png'), alt: latencyAlt() },
      ],
      log: props.log,
      mappingJson: s.feedbackMapping ? JSON.stringify(s.feedbackMapping, null, 2) : null,
    });
    saveBlob(`${s.title.replace(/[^\w.-]+/g, '_')}-summary.html`, new Blob([html], { type: 'text/html' }));
    announce('Training summary exported.');
  };

  return (
    <section class="card" aria-label={`Training summary of ${props.session.title}`} data-testid="training-summary">
      <ul data-testid="training-summary-lines">
        <For each={lines()}>{(line) => <li>{line}</li>}</For>
      </ul>
      <canvas ref={scoreCanvas} role="img" aria-label={scoreAlt()} data-testid="summary-score-plot" style={{ 'max-width': '100%' }} />
      <canvas ref={latencyCanvas} role="img" aria-label={latencyAlt()} data-testid="summary-latency-plot" style={{ 'max-width': '100%' }} />
      <div class="row">
        <button type="button" onClick={exportHtml}>
          Export summary (HTML)
        </button>
      </div>
    </section>
  );
}
