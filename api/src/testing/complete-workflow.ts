// The original system's documented client workflow, step by step, as a script client sends it.
// Source: the "Complete Workflow" example under "API Examples" in COMPLETE_SYSTEM_GUIDE.md of the
// original Clisonix Cloud (Kameleonlife/Clisonix-cloud), a Python `requests` script. The request
// bodies and the fields read from each answer are the example's own; step 5 is the registry check
// the same guide gives under "Troubleshooting". Written anew here with node:http, which (like
// `requests`, and unlike fetch) sends no Origin or Sec-Fetch-* header and may call port 6666.
import { request } from 'node:http';

export interface ServiceUrls {
  alba: string;
  albi: string;
  jona: string;
  orchestrator: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the servers' untyped JSON.
  json(): any;
}

/**
 * One HTTP request as a non-browser client makes it.
 * @example const res = await httpRequest('POST', 'http://127.0.0.1:5555/ingest', { source: 's', type: 'eeg', payload: {} });
 */
export function httpRequest(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const all = Buffer.concat(parts);
        resolve({ status: res.statusCode!, headers: res.headers, body: all, json: () => JSON.parse(all.toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs the five steps in order and returns every answer; throws (naming the step) when one is not 2xx. */
export async function runCompleteWorkflow(urls: ServiceUrls) {
  const ok = (step: string, res: HttpAnswer) => {
    if (res.status < 200 || res.status > 299) throw new Error(`${step}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 400)}`);
    return res;
  };
  // 1. Ingest data into ALBA
  const ingested = ok(
    'ingest',
    await httpRequest('POST', `${urls.alba}/ingest`, {
      source: 'eeg_device_001',
      type: 'brainwave',
      payload: { frequency: 10.5, amplitude: 0.8 },
    }),
  ).json();
  // 2. Analyze with ALBI
  const analysis = ok(
    'analyze',
    await httpRequest('POST', `${urls.albi}/analyze`, {
      channels: { ch1: [1.0, 1.1, 1.0, 0.9, 1.1], ch2: [2.0, 2.1, 2.0, 1.9, 2.1] },
    }),
  ).json();
  // 3. Synthesize audio with JONA (no amplitude: the original's default applies)
  const synthesis = ok('synthesize', await httpRequest('POST', `${urls.jona}/synthesize`, { mode: 'relax', frequency: 10.0, duration: 30 })).json();
  // 4. Get audio stream
  const audio = ok('audio', await httpRequest('GET', `${urls.jona}/synthesize/${synthesis.synthesis_id}/audio`));
  // 5. Check the service registry
  const registry = ok('registry', await httpRequest('GET', `${urls.orchestrator}/registry`)).json();
  return { ingested, analysis, synthesis, audio, registry };
}
