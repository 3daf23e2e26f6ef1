// The API as script clients call it, over real HTTP on PGlite and PostgreSQL: the original
// system's documented "Complete Workflow" (api/src/testing/complete-workflow.ts) against each
// service's own listener with bare paths (as COMPAT_PORTS serves them, here on free ports) and
// under /alba, /albi, /jona, /orchestrator on the main listener; and a real curl uploading a
// recording with -F (no Origin, no Sec-Fetch-*), beside curl sending a browser's headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { eegDataDir } from '../../../tests/data/test-data.ts';
import { compatApp } from '../compat.ts';
import { backends, openTestApi, type TestApi } from '../testing/backends.ts';
import { runCompleteWorkflow, type ServiceUrls } from '../testing/complete-workflow.ts';
import { compatPorts } from './ports.ts';

const run = promisify(execFile);

function listenOnFreePort(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
    server.once('error', reject);
  });
}

/** curl as a user types it; resolves with the status and the body. */
async function curl(args: string[]) {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args], { maxBuffer: 16 * 1024 * 1024 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

describe.each(backends)('original clients over HTTP on %s', (kind) => {
  let api: TestApi;
  const servers: ServerType[] = [];
  let main = '';
  const bare = {} as ServiceUrls;
  beforeAll(async () => {
    api = await openTestApi(kind);
    const started = await listenOnFreePort(api.app.fetch);
    servers.push(started.server);
    main = started.url;
    for (const name of Object.keys(compatPorts) as (keyof typeof compatPorts)[]) {
      const service = await listenOnFreePort(compatApp(name, api.services).fetch);
      servers.push(service.server);
      bare[name] = service.url;
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await api?.close();
  });

  const check = (result: Awaited<ReturnType<typeof runCompleteWorkflow>>) => {
    expect(result.ingested).toEqual({ status: 'ingested', id: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: expect.any(String) });
    // float64 as the original's NumPy computes it: 5.1 / 5, not the float32 1.0200000047683715.
    expect(result.analysis.statistics.ch1.mean).toBe(1.02);
    expect(result.analysis.statistics.ch2.mean).toBe(2.02);
    expect(result.analysis.statistics.ch1.min).toBe(0.9);
    expect(result.analysis.statistics.ch1.std_dev).toBe(Math.sqrt([1.0, 1.1, 1.0, 0.9, 1.1].reduce((s, v) => s + (v - 1.02) ** 2, 0) / 5));
    expect(result.analysis.analysis_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.synthesis).toMatchObject({ mode: 'relax', frequency: 10, duration: 30, amplitude: 0.7, status: 'generated' });
    const wav = result.audio.body;
    expect(result.audio.headers['content-type']).toBe('audio/wav');
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.byteLength).toBe(44 + 30 * 44100 * 2 * 2); // 30 s, stereo, 16-bit
    expect(result.registry.services.jona).toMatchObject({ name: 'jona', status: 'online', checks: { wasm: true } });
  };

  it('runs unchanged against the bare paths of each service listener', async () => {
    check(await runCompleteWorkflow(bare));
  });

  it('runs unchanged under /alba, /albi, /jona and /orchestrator on the main listener', async () => {
    check(await runCompleteWorkflow({ alba: `${main}/alba`, albi: `${main}/albi`, jona: `${main}/jona`, orchestrator: `${main}/orchestrator` }));
  });

  it('runs as a Python requests client, whose files= upload imports a recording', async () => {
    const script = fileURLToPath(new URL('../testing/complete_workflow.py', import.meta.url));
    const edf = path.join(eegDataDir, 'S001R01.edf');
    const { stdout } = await run(
      '/usr/bin/python3',
      [script, bare.alba, bare.albi, bare.jona, bare.orchestrator, `${main}/api/v1/sessions/import`, edf],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const out = JSON.parse(stdout);
    expect(out.ingest[0]).toBe(201);
    expect(out.analyze[0]).toBe(200);
    expect(out.analyze[1].statistics.ch1.mean).toBe(1.02);
    expect(out.synthesize).toMatchObject([201, { duration: 30, amplitude: 0.7 }]);
    expect(out.audio).toEqual([200, 'audio/wav', 44 + 30 * 44100 * 4, 'RIFF']);
    expect(out.registry).toEqual([200, { alba: 'online', albi: 'online', jona: 'online' }]);
    expect(out.import[0]).toBe(201);
    expect(out.import[1].metadata.streams[0].channels).toHaveLength(64);
  });

  it("imports a recording with curl -F in local mode, and refuses curl sending a browser's cross-site headers", async () => {
    const edf = path.join(eegDataDir, 'S001R01.edf');
    const imported = await curl(['-F', `file=@${edf}`, `${main}/api/v1/sessions/import`]);
    expect(imported.status, imported.body).toBe(201);
    const session = JSON.parse(imported.body);
    expect(session.metadata.streams[0]).toMatchObject({ id: 'eeg', sampleRateHz: 160 });
    expect(session.metadata.streams[0].channels).toHaveLength(64);
    // The same upload with the headers Chromium attaches to a form posted from another site.
    const crossSite = ['-H', 'Origin: https://evil.example', '-H', 'Sec-Fetch-Site: cross-site', '-H', 'Sec-Fetch-Mode: navigate'];
    const forged = await curl([...crossSite, '-F', `file=@${edf}`, `${main}/api/v1/sessions/import`]);
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).errors[0].path).toBe('header.sec-fetch-site');
    // A same-site page on another port is not ours either; our own page is.
    const sameSite = await curl(['-H', 'Origin: http://127.0.0.1:1', '-H', 'Sec-Fetch-Site: same-site', '--json', '{}', `${main}/albi/analyze`]);
    expect(sameSite.status).toBe(403);
    const own = await curl([
      '-H',
      `Origin: ${main}`,
      '-H',
      'Sec-Fetch-Site: same-origin',
      '--json',
      JSON.stringify({ channels: { ch1: [1, 2, 3, 4] } }),
      `${main}/albi/analyze`,
    ]);
    expect(own.status, own.body).toBe(200);
    const sessions = (await (await api.app.request('/api/v1/sessions')).json()).sessions;
    expect(sessions.map((s: { id: string }) => s.id)).toContain(session.id);
    expect(sessions).toHaveLength(2); // the Python upload's and this one; the forged one stored nothing
  });
});
