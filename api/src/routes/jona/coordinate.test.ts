// POST /jona/coordinate against the real app, PGlite and the real albi.wasm/jona.wasm: the contract,
// each of its three steps, a feedback mapping that sets the beat from peak alpha, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApi, type TestApi } from '../../testing/backends.ts';

/** A sine of `hz` at 256 Hz, 20 uV, with a little deterministic "noise" so the spectrum is not degenerate. */
const sine = (hz: number, n = 256 * 8, rate = 256) =>
  Array.from({ length: n }, (_, i) => 20 * Math.sin((2 * Math.PI * hz * i) / rate) + 0.5 * Math.sin(i * 1.7 + 0.3));

const peakAlphaBeat = (input: [number, number], output: [number, number]) => ({
  mappings: [{ metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input, output }],
});

describe('POST /jona/coordinate on PGlite', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi('pglite');
  });
  afterAll(async () => api?.close());
  const post = (path: string, body: unknown) =>
    api.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const coordinate = (body: Record<string, unknown>) => post('/jona/coordinate', { task: 'analyze_and_synthesize', duration: 1, ...body });

  it('answers the task, its status and the three steps in order', async () => {
    const res = await coordinate({ channels: { AF7: sine(10), AF8: sine(10) } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.task).toBe('analyze_and_synthesize');
    expect(body.status).toBe('completed');
    expect(body.steps.map((s: { step: number; service: string; action: string }) => [s.step, s.service, s.action])).toEqual([
      [1, 'albi', 'analyze'],
      [2, 'orchestrator', 'select_target'],
      [3, 'jona', 'synthesize'],
    ]);
    expect(body.steps[1].result.mapped).toBeUndefined(); // no mapping: the original answer
  });

  it('step 1 is the same analysis /albi/analyze gives for the same channels', async () => {
    const channels = { TP9: sine(10), TP10: sine(6) };
    const direct = await (await post('/albi/analyze', { channels, sample_rate: 256 })).json();
    const step1 = (await (await coordinate({ channels, sample_rate: 256 })).json()).steps[0].result;
    const strip = ({ analysis_id, timestamp, ...rest }: Record<string, unknown>) => rest;
    expect(step1.analysis_id).not.toBe(direct.analysis_id); // stored as its own analysis
    expect(strip(step1)).toEqual(strip(direct));
  });

  it('step 2 picks the band with the largest relative power: 10 Hz is alpha (relax), 6 Hz theta (meditate), 20 Hz beta (focus)', async () => {
    const pick = async (hz: number) => (await (await coordinate({ channels: { c: sine(hz) } })).json()).steps[1].result;
    const alpha = await pick(10);
    expect(alpha).toMatchObject({ band: 'alpha', mode: 'relax', reason: 'alpha has the largest relative power' });
    expect(alpha.frequency).toBeCloseTo(10, 0); // the beat is the channel's own peak alpha
    expect(await pick(6)).toMatchObject({ band: 'theta', mode: 'meditate', frequency: 6 });
    expect(await pick(20)).toMatchObject({ band: 'beta', mode: 'focus', frequency: 18 });
  });

  it('step 3 is a synthesis of the chosen mode and beat whose audio is a playable WAV', async () => {
    const body = await (await coordinate({ channels: { c: sine(6) }, amplitude: 0.5 })).json();
    const synthesis = body.steps[2].result;
    expect(synthesis).toMatchObject({ mode: 'meditate', frequency: 6, duration: 1, amplitude: 0.5, sample_rate: 44100, bit_depth: 16 });
    const audio = await api.app.request(`/jona/${synthesis.audio_url}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    const bytes = new Uint8Array(await audio.arrayBuffer());
    expect(bytes.byteLength).toBe(synthesis.byte_length);
    expect(bytes.byteLength).toBe(44 + 44100 * 2 * 2);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    const view = new DataView(bytes.buffer);
    let peak = 0;
    for (let i = 44 + 40000; i < 44 + 60000; i += 2) peak = Math.max(peak, Math.abs(view.getInt16(i, true)));
    expect(peak).toBeGreaterThan(1000); // it sounds
  });

  it('a mapping sets the beat to the peak alpha within its range, and clamps it at the range end outside', async () => {
    // 9.5 Hz alpha inside [8, 12] -> beat ~9.5 Hz (identity curve).
    const inside = await (await coordinate({ channels: { c: sine(9.5) }, mapping: peakAlphaBeat([8, 12], [8, 12]) })).json();
    const [m] = inside.steps[1].result.mapped;
    expect(m.metricValue).toBeCloseTo(9.5, 0);
    expect(m).toMatchObject({ mapping: 0, target: { voice: 0, param: 'beatHz' }, clamped: false });
    expect(m.value).toBeCloseTo(m.metricValue, 6);
    expect(inside.steps[2].result.frequency).toBeCloseTo(+m.value.toFixed(2), 6);
    // 13 Hz alpha above an [8, 11] range -> the beat stops at the output's upper end, 11 Hz.
    const outside = await (await coordinate({ channels: { c: sine(13) }, mapping: peakAlphaBeat([8, 11], [8, 11]) })).json();
    const step2 = outside.steps[1].result;
    expect(step2.mapped[0].metricValue).toBeGreaterThan(12);
    expect(step2.mapped[0]).toMatchObject({ value: 11, clamped: true });
    expect(step2.frequency).toBe(11);
    expect(outside.steps[2].result.frequency).toBe(11);
  });

  it('a mapping on the noise bed and the master sets their levels, kept with the synthesis so its audio renders them', async () => {
    const mapping = {
      mappings: [
        { metric: { kind: 'relative-power', band: 'alpha' }, target: { voice: 'noise', param: 'level' }, input: [0, 1], output: [0, 0.5] },
        { metric: { kind: 'signal-quality' }, target: { voice: 'master', param: 'gain' }, input: [0, 1], output: [0.2, 0.2] },
      ],
    };
    const body = await (await coordinate({ channels: { c: sine(10) }, mapping })).json();
    const [noise, master] = body.steps[1].result.mapped;
    expect(noise.target).toEqual({ voice: 1, param: 'level' });
    expect(noise.value).toBeCloseTo(0.5 * noise.metricValue, 9);
    expect(master.value).toBe(0.2);
    const synthesis = body.steps[2].result;
    expect(synthesis.amplitude).toBe(0.2);
    expect(synthesis.tuning).toEqual([{ voice: 1, param: 'level', value: noise.value }]);
    const again = await (await api.app.request(`/jona/synthesize/${synthesis.synthesis_id}`)).json();
    expect(again.tuning).toEqual(synthesis.tuning);
    expect((await api.app.request(`/jona/${synthesis.audio_url}`)).status).toBe(200);
  });

  it('refuses a bad mapping with a 400 that names the wrong field', async () => {
    const problem = async (mapping: unknown, channels: Record<string, number[]> = { c: sine(10) }) => {
      const res = await coordinate({ channels, mapping });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { status: number; detail: string; errors: Array<{ path: string; message: string }> };
      expect(problem.status).toBe(400);
      return problem;
    };
    const tooHigh = await problem(peakAlphaBeat([8, 12], [8, 120]));
    expect(tooHigh.errors).toEqual([{ path: 'body.mapping.mappings.0.output.1', message: 'beatHz must be 0..100 Hz, got 120' }]);
    expect(tooHigh.detail).toContain('mapping.mappings[0].output[1]');
    const falling = await problem(peakAlphaBeat([12, 8], [8, 12]));
    expect(falling.errors.map((e) => e.path)).toEqual(['body.mapping.mappings.0.input']);
    const unknownMetric = await problem({ mappings: [{ ...peakAlphaBeat([8, 12], [8, 12]).mappings[0], metric: { kind: 'mood' } }] });
    expect(unknownMetric.errors[0]!.path).toBe('body.mapping.mappings.0.metric.kind');
    expect((await problem({ mapping: [] })).errors.map((e) => e.path)).toEqual(['body.mapping.mappings', 'body.mapping']);
    const noElectrode = await problem({
      mappings: [
        { metric: { kind: 'peak-alpha', electrodes: ['AF7'] }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12] },
      ],
    });
    expect(noElectrode).toMatchObject({ errors: [{ path: 'body.mapping.mappings.0.metric' }] });
    expect(noElectrode.detail).toContain('AF7 is not a channel of this stream (c)');
    const noSuchVoice = await problem({
      mappings: [{ metric: { kind: 'peak-alpha' }, target: { voice: 5, param: 'level' }, input: [8, 12], output: [0, 1] }],
    });
    expect(noSuchVoice.errors[0]!.path).toBe('body.mapping.mappings.0.target');
    expect(noSuchVoice.detail).toContain('the program has no voice 5');
    const twice = await problem({ mappings: [peakAlphaBeat([8, 12], [8, 12]).mappings[0], peakAlphaBeat([8, 12], [6, 10]).mappings[0]] });
    expect(twice.detail).toContain('already driven by mappings[0]');
    const score = await problem({
      mappings: [{ metric: { kind: 'score' }, target: { voice: 'master', param: 'gain' }, input: [0, 1], output: [0, 1] }],
    });
    expect(score.errors[0]!.path).toBe('body.mapping.mappings.0.metric.kind');
  });

  it('refuses bad channels as before, and a mapping that cannot be computed sets nothing', async () => {
    const unequal = await coordinate({ channels: { a: sine(10, 512), b: sine(10, 256) } });
    expect(unequal.status).toBe(400);
    // 64 samples are too short for band powers: alpha by default, and the peak-alpha mapping is reported, not applied.
    const short = await (await coordinate({ channels: { c: sine(10, 64) }, mapping: peakAlphaBeat([8, 12], [8, 12]) })).json();
    expect(short.steps[1].result).toMatchObject({ band: 'alpha', frequency: 10, mapped: [{ metricValue: null, value: null }] });
    expect(short.steps[2].result.frequency).toBe(10);
  });
});
