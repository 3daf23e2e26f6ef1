// Per-electrode signal quality on a head seen from above (nose up). Each sensor is coloured and
// labelled in words too (colour is never the only cue); changes are announced.
import { For, createEffect, on, type Accessor } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { layoutElectrodes, qualityLevel } from './head-layout.ts';

export function HeadQuality(props: { labels: string[]; frame: Accessor<LiveAnalysisFrame | null> }) {
  const positions = layoutElectrodes(props.labels);
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
      <svg viewBox="0 0 100 100" width="100%" style={{ 'max-width': '280px' }} role="img" aria-labelledby="head-caption" data-testid="head-quality">
        <title>Signal quality per electrode</title>
        <ellipse cx="50" cy="52" rx="44" ry="46" fill="none" stroke="var(--muted)" stroke-width="1" />
        <path d="M45 7 L50 1 L55 7" fill="none" stroke="var(--muted)" stroke-width="1" />
        <For each={positions}>
          {(p) => (
            <g>
              <circle
                cx={p.x}
                cy={p.y}
                r="5"
                fill={`var(${qualityLevel(score(p.label)).cssVar})`}
                stroke="var(--bg)"
                stroke-width="0.8"
                data-quality={qualityLevel(score(p.label)).level}
              />
              <text x={p.x} y={p.y + 10} font-size="4.2" text-anchor="middle" fill="var(--text)">
                {p.label}
              </text>
            </g>
          )}
        </For>
      </svg>
      <figcaption id="head-caption">
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
