// Display filters for the Live time series, off the main thread: a mains notch and a Butterworth
// band-pass (ALBI kernels in WASM), run causally with state carried from block to block so the
// scrolling trace is continuous. A jump in sample index (a gap) restarts the state at steady state
// for the first sample after it, so no filter ringing is drawn over the gap.
/// <reference lib="webworker" />
import albiUrl from '../../../../dsp-wasm/build/albi.wasm?url';
import { getSosfiltZi, loadAlbi, type Albi } from '../../../../dsp-wasm/src/index.ts';
import type { FilterRequest, FilterResponse } from './display-filter.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let albi: Albi | undefined;
let sos: Float64Array | null = null;
let zi: Float64Array | null = null;
let states: Array<{ zi: Float64Array }> = [];
let expected = -1;

function concat(parts: Float64Array[]): Float64Array | null {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (!total) return null;
  const out = new Float64Array(total);
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
}

scope.onmessage = async (event: MessageEvent<FilterRequest>) => {
  const m = event.data;
  try {
    albi ??= await loadAlbi(albiUrl);
    if (m.type === 'configure') {
      const parts: Float64Array[] = [];
      if (m.notchHz && m.notchHz < m.sampleRateHz / 2) parts.push(albi.designNotch(m.notchHz, 30, m.sampleRateHz));
      if (m.bandHz && m.bandHz[1] < m.sampleRateHz / 2 && m.bandHz[0] < m.bandHz[1])
        parts.push(albi.designButterworth(4, m.bandHz, 'bandpass', m.sampleRateHz));
      sos = concat(parts);
      zi = sos ? getSosfiltZi(sos) : null;
      states = [];
      expected = -1;
      return;
    }
    const length = m.channels[0]?.length ?? 0;
    if (!sos || !zi || !length) {
      scope.postMessage(
        { type: 'filtered', firstSample: m.firstSample, channels: m.channels } satisfies FilterResponse,
        m.channels.map((c) => c.buffer as ArrayBuffer),
      );
      return;
    }
    if (m.firstSample !== expected || states.length !== m.channels.length) {
      // Steady state for the current first value: what the filter would hold after a long constant input.
      states = m.channels.map((c) => ({ zi: zi!.map((z) => z * c[0]) }));
    }
    expected = m.firstSample + length;
    const out = m.channels.map((c, i) => Float32Array.from(albi!.sosfilt(sos!, c, states[i])));
    scope.postMessage(
      { type: 'filtered', firstSample: m.firstSample, channels: out } satisfies FilterResponse,
      out.map((c) => c.buffer as ArrayBuffer),
    );
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message } satisfies FilterResponse);
  }
};
