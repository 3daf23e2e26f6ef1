// Per-electrode signal quality on a head seen from above (nose up). Each sensor is a ring in its
// quality colour with its name inside (head-layout.ts places them without overlap), and the levels
// are listed in words too (colour is never the only cue); changes are announced.
import { For, createEffect, on, type Accessor } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { HEAD, RING_PX, layoutElectrodes, qualityLevel } from './head-layout.ts';

export function HeadQuality(props: { labels: string[]; frame: Accessor<LiveAnalysisFrame | null>; caption: string }) {
  const layout = layoutElectrodes(props.labels);
  const score = (label: string) => props.frame()?.result.channels[label]?.quality.score;
  const levels = () => props.labels.map((l) => `${l}:${qualityLevel(score(l)).level}`).join(',');
  createEffect(
    on(levels, (now, before) => {
      if (!before) return;
      const prev = new Map(before.split(',').map((p) => p.split(':') as [string, string]));
      const changed = now
        .split(',')
        .map((p) => p.split(':'))
        .filter(([l, lvl]) => prev.get(l) !== lvl && lvl !== 'unknown');
      if (changed.length) announce(`Signal quality: ${changed.map(([l, lvl]) => `${l} ${lvl}`).join(', ')}.`);
    }),
  );
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={layout.viewBox.join(' ')}
        width="100%"
        style={{ 'max-width': '340px' }}
        role="img"
        aria-labelledby="head-caption"
        data-testid="head-quality"
      >
        <title>Signal quality per electrode</title>
        <circle cx={HEAD.cx} cy={HEAD.cy} r={HEAD.r} fill="none" stroke="var(--muted)" stroke-width="0.8" />
        <path
          d={`M${HEAD.cx - 5} ${HEAD.cy - HEAD.r + 0.5} L${HEAD.cx} ${HEAD.cy - HEAD.r - 6} L${HEAD.cx + 5} ${HEAD.cy - HEAD.r + 0.5}`}
          fill="none"
          stroke="var(--muted)"
          stroke-width="0.8"
        />
        <For each={layout.electrodes}>
          {(p) => (
            <g data-electrode={p.label}>
              <circle
                cx={p.x}
                cy={p.y}
                r={layout.radius - RING_PX / 2}
                fill="var(--surface)"
                stroke={`var(${qualityLevel(score(p.label)).cssVar})`}
                stroke-width={RING_PX}
                data-quality={qualityLevel(score(p.label)).level}
              />
              <text x={p.x} y={p.y} dy="0.35em" font-size={p.fontSize.toFixed(2)} text-anchor="middle" fill="var(--text)">
                {p.label}
              </text>
            </g>
          )}
        </For>
      </svg>
      <figcaption id="head-caption">
        <span class="muted plot-caption">{props.caption}</span>
        <ul class="row" style={{ 'list-style': 'none', padding: 0, margin: '6px 0 0' }}>
          <For each={props.labels}>
            {(label) => (
              <li>
                {label}: <strong>{qualityLevel(score(label)).level}</strong>
              </li>
            )}
          </For>
        </ul>
      </figcaption>
    </figure>
  );
}
