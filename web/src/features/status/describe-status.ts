// The orchestrator's registry and dashboard in words: what each service is for, its state with
// the reasons behind it, and the dashboard's figures with what they count.

export interface ServiceWords {
  title: string;
  does: string;
}

const SERVICES: Record<string, ServiceWords> = {
  alba: { title: 'Data intake (ALBA)', does: 'receives readings from devices and programs and stores them' },
  albi: { title: 'Analysis (ALBI)', does: 'computes spectra, band powers, signal quality and anomalies of stored recordings' },
  jona: { title: 'Audio synthesis (JONA)', does: 'renders brainwave audio (binaural, monaural, isochronic beats, noise) to WAV' },
  orchestrator: { title: 'Orchestrator', does: 'keeps the registry of services and browsers and routes packets between them' },
};

export function serviceWords(code: string): ServiceWords {
  return SERVICES[code] ?? { title: code, does: 'a service this version of the studio does not know' };
}

export interface ServiceHealth {
  status?: string;
  checks?: Record<string, boolean | number>;
  database_ms?: number;
}

/** 'Working', or the state with its reasons: 'Degraded: the database does not answer'. */
export function healthWords(health: ServiceHealth): { state: 'ok' | 'warn' | 'bad'; text: string } {
  const reasons: string[] = [];
  const checks = health.checks ?? {};
  if (checks.database === false) reasons.push('the database does not answer');
  if (checks.wasm === false) reasons.push('its WebAssembly engine did not load');
  if (typeof checks.queue_depth === 'number' && checks.queue_depth > 0)
    reasons.push(`${checks.queue_depth} render${checks.queue_depth === 1 ? '' : 's'} waiting`);
  if (health.status === 'online') return { state: 'ok', text: reasons.length ? `Working (${reasons.join('; ')})` : 'Working' };
  if (health.status === 'degraded') return { state: 'warn', text: `Degraded: ${reasons.join('; ') || 'a check failed'}` };
  return { state: 'bad', text: `Not answering${reasons.length ? `: ${reasons.join('; ')}` : ''}` };
}

/** The dashboard's totals, each with what it counts on this server. */
export function totalsWords(totals: Record<string, number> | undefined): Array<{ label: string; value: number; counts: string }> {
  const words: Record<string, [string, string]> = {
    sessions: ['Sessions stored', 'recordings synced to or imported on this server'],
    readings: ['Readings received', 'single readings posted to the data intake'],
    analyses: ['Analyses run', 'analyses this server computed (the studio analyses live in the browser, which the server does not count)'],
    syntheses: ['Audio renders', 'WAV renders made by this server'],
    anomalies: ['Anomalies found', 'anomalies in this server’s analyses'],
    packets: ['Packets routed', 'packets passed between services'],
  };
  return Object.entries(totals ?? {}).map(([key, value]) => {
    const [label, counts] = words[key] ?? [key, ''];
    return { label, value, counts };
  });
}

/** 2 h 5 min, 3 min 12 s, 45 s. */
export function uptimeWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
