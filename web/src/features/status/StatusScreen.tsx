// Status: the orchestrator's registry and dashboard (services, health, clients) and this browser's
// own capabilities. Server data through solid-query with loading, empty and error states.
import { createQuery } from '@tanstack/solid-query';
import { For, Show, type JSX } from 'solid-js';
import { describeCapabilities, detectCapabilities } from '../../app/capabilities.ts';
import { apiHeaders, apiUrl } from '../../app/settings.ts';
import { authFetch } from '../../app/auth-session.ts';
import { clientId } from './client-registration.ts';

async function getJson(path: string): Promise<any> {
  const res = await authFetch(apiUrl(path), { headers: apiHeaders(), cache: 'no-store' });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.json();
}

/** Renders unknown JSON as nested definition lists (the server's shapes evolve; nothing is hidden). */
function JsonView(props: { value: unknown }): JSX.Element {
  const v = props.value;
  if (Array.isArray(v))
    return (
      <ul>
        <For each={v}>
          {(item) => (
            <li>
              <JsonView value={item} />
            </li>
          )}
        </For>
      </ul>
    );
  if (v && typeof v === 'object')
    return (
      <dl class="json">
        <For each={Object.entries(v as Record<string, unknown>)}>
          {([k, val]) => (
            <>
              <dt>{k}</dt>
              <dd>
                <JsonView value={val} />
              </dd>
            </>
          )}
        </For>
      </dl>
    );
  return <span>{String(v)}</span>;
}

function entriesOf(value: any, key: string): any[] {
  const list = value?.[key];
  if (Array.isArray(list)) return list;
  if (list && typeof list === 'object') return Object.entries(list).map(([name, v]) => ({ name, ...(v as object) }));
  return [];
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
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              <For each={Object.entries(query.data?.services ?? {})}>
                {([name, h]: [string, any]) => (
                  <tr>
                    <th scope="row">{name}</th>
                    <td class={h.status === 'online' ? 'ok-text' : 'warn-text'}>{h.status}</td>
                  </tr>
                )}
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

function ServerPanel(props: { title: string; path: string; testid: string; list?: string }) {
  const query = createQuery(() => ({ queryKey: [props.path], queryFn: () => getJson(props.path), refetchInterval: 5000, retry: false }));
  return (
    <section class="card" data-testid={props.testid} aria-labelledby={`${props.testid}-h`}>
      <h3 id={`${props.testid}-h`}>{props.title}</h3>
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
          <Show when={props.list ? entriesOf(query.data, props.list).length : query.data} fallback={<p class="muted">Nothing registered yet.</p>}>
            <JsonView value={query.data} />
          </Show>
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
        <ServerPanel title="Dashboard" path="/orchestrator/status/dashboard" testid="dashboard" />
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
