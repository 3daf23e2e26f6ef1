// Status: the orchestrator's registry and dashboard (services, health, clients) in words, and this
// browser's own capabilities. Server data through solid-query with loading, empty and error states.
import { createQuery } from '@tanstack/solid-query';
import { For, Show } from 'solid-js';
import { describeCapabilities, detectCapabilities } from '../../app/capabilities.ts';
import { apiHeaders, apiUrl } from '../../app/settings.ts';
import { authFetch } from '../../app/auth-session.ts';
import { clientId } from './client-registration.ts';
import { healthWords, serviceWords, totalsWords, uptimeWords } from './describe-status.ts';

async function getJson(path: string): Promise<any> {
  const res = await authFetch(apiUrl(path), { headers: apiHeaders(), cache: 'no-store' });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.json();
}

function RegistryPanel() {
  const query = createQuery(() => ({
    queryKey: ['/orchestrator/registry'],
    queryFn: () => getJson('/orchestrator/registry'),
    refetchInterval: 5000,
    retry: false,
  }));
  return (
    <section class="card" data-testid="registry" aria-labelledby="registry-h">
      <h3 id="registry-h">Registry: services and clients</h3>
      <Show
        when={!query.isLoading}
        fallback={
          <p role="status">
            <span class="spinner" aria-hidden="true" /> Loading…
          </p>
        }
      >
        <Show
          when={!query.isError}
          fallback={
            <p class="bad-text" role="alert">
              Server not reachable: {String(query.error?.message ?? '')}. This browser keeps working offline.
            </p>
          }
        >
          <table data-testid="registry-services">
            <caption class="sr-only">Services</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">What it does</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              <For each={Object.entries(query.data?.services ?? {})}>
                {([code, h]: [string, any]) => {
                  const health = () => healthWords(h);
                  return (
                    <tr data-service={code}>
                      <th scope="row">{serviceWords(code).title}</th>
                      <td class="muted">{serviceWords(code).does}</td>
                      <td class={health().state === 'ok' ? 'ok-text' : health().state === 'warn' ? 'warn-text' : 'bad-text'}>{health().text}</td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
          <h4>Clients online</h4>
          <Show when={(query.data?.clients ?? []).length} fallback={<p class="muted">No client registered.</p>}>
            <ul data-testid="registry-clients">
              <For each={query.data?.clients ?? []}>
                {(c: any) => (
                  <li data-client-id={c.client_id}>
                    <strong>{c.name}</strong>
                    {c.client_id === clientId() ? ' (this browser)' : ''} · last seen {new Date(c.last_seen).toLocaleTimeString()}
                    {c.devices?.length ? ` · ${c.devices.map((d: any) => `${d.name} (${d.state})`).join(', ')}` : ''}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </section>
  );
}

function DashboardPanel() {
  const query = createQuery(() => ({
    queryKey: ['/orchestrator/status/dashboard'],
    queryFn: () => getJson('/orchestrator/status/dashboard'),
    refetchInterval: 5000,
    retry: false,
  }));
  const d = () => query.data;
  return (
    <section class="card" data-testid="dashboard" aria-labelledby="dashboard-h">
      <h3 id="dashboard-h">This server</h3>
      <Show
        when={!query.isLoading}
        fallback={
          <p role="status">
            <span class="spinner" aria-hidden="true" /> Loading…
          </p>
        }
      >
        <Show
          when={!query.isError}
          fallback={
            <p class="bad-text" role="alert">
              Server not reachable: {String(query.error?.message ?? '')}. This browser keeps working offline.
            </p>
          }
        >
          <p data-testid="dashboard-overall">
            <strong class={d()?.overall === 'online' ? 'ok-text' : 'warn-text'}>
              {d()?.overall === 'online' ? 'Everything works' : `State: ${d()?.overall}`}
            </strong>{' '}
            · up {uptimeWords(d()?.uptime_s ?? 0)} · database {d()?.database?.kind === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL'}
            {d()?.database?.reachable ? `, answers in ${Math.round(d()?.database?.round_trip_ms ?? 0)} ms` : ', not reachable'} ·{' '}
            {d()?.clients_online ?? 0} browser{d()?.clients_online === 1 ? '' : 's'} online
          </p>
          <table data-testid="dashboard-totals">
            <caption class="sr-only">What this server has done</caption>
            <tbody>
              <For each={totalsWords(d()?.totals)}>
                {(t) => (
                  <tr>
                    <th scope="row">{t.label}</th>
                    <td>{t.value.toLocaleString('en')}</td>
                    <td class="muted">{t.counts}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
    </section>
  );
}

export default function StatusScreen() {
  const rows = describeCapabilities(detectCapabilities());
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">Status</h2>
      <div class="grid-2">
        <RegistryPanel />
        <DashboardPanel />
      </div>
      <section class="card" aria-labelledby="this-browser">
        <h3 id="this-browser">This browser</h3>
        <p class="muted">
          Registered as client <code data-testid="client-id">{clientId() || '(not registered: server unreachable)'}</code>
        </p>
        <table>
          <caption class="sr-only">Capabilities of this browser</caption>
          <tbody>
            <For each={rows}>
              {(r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  <td class={r.ok ? 'ok-text' : 'warn-text'}>{r.ok ? 'Yes' : 'No'}</td>
                  <td class="muted">{r.ok ? '' : r.missingNote}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </section>
  );
}
