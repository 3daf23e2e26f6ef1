// Electrode names for a board with numbered inputs (Cyton, Cyton + Daisy, Ganglion): a layout from
// the list or names of one's own, checked as they are typed, kept for the board (montage-store.ts).
// The names are given to the next connection of the board.
import { For, Show, createMemo, createSignal } from 'solid-js';
import { checkMontage, MONTAGE_CHANNELS, parseMontageText } from '../../../../workers/devices/montages.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';
import { tenTwentyPosition } from '../live/head-layout.ts';
import { loadMontageChoice, montageLabels, montagesFor, saveMontageChoice, type MontageChoice } from './montage-store.ts';

const storage = () => {
  try {
    return localStorage;
  } catch {
    return null; // storage unavailable (private mode): the choice lasts this page only
  }
};

/** The names the board's next connection gets (null: a device with fixed electrodes). */
export function chosenChannelNames(kind: DeviceKind): string[] | null {
  const store = storage();
  const choice = store ? loadMontageChoice(store, kind) : montagesFor(kind)[0] ? { montageId: montagesFor(kind)[0]!.id } : null;
  return choice ? montageLabels(kind, choice) : null;
}

export function MontageCard(props: { kind: DeviceKind; id: string }) {
  const [version, setVersion] = createSignal(0);
  const choice = createMemo((): MontageChoice | null => {
    version();
    const store = storage();
    return store ? loadMontageChoice(store, props.kind) : null;
  });
  const [customText, setCustomText] = createSignal('');
  const [problems, setProblems] = createSignal<string[]>([]);
  const [editing, setEditing] = createSignal(false);
  const count = () => MONTAGE_CHANNELS[props.kind] ?? 0;
  const names = () => {
    const c = choice();
    return c ? montageLabels(props.kind, c) : [];
  };
  const unplaced = () => names().filter((n) => !tenTwentyPosition(n));

  const keep = (next: MontageChoice) => {
    const store = storage();
    if (store) saveMontageChoice(store, props.kind, next);
    setVersion(version() + 1);
  };
  const pick = (id: string) => {
    if (id === 'custom') {
      setCustomText(names().join(', '));
      setProblems([]);
      setEditing(true);
      return;
    }
    setEditing(false);
    keep({ montageId: id });
  };
  const saveCustom = () => {
    const labels = parseMontageText(customText());
    const found = checkMontage(labels, count());
    setProblems(found);
    if (found.length) return;
    keep({ montageId: 'custom', labels });
    setEditing(false);
  };

  return (
    <div class="montage" data-testid={`montage-${props.kind}`}>
      <div class="row">
        <label for={props.id}>Electrodes</label>
        <select id={props.id} value={editing() ? 'custom' : (choice()?.montageId ?? '')} onChange={(e) => pick(e.currentTarget.value)}>
          <For each={montagesFor(props.kind)}>{(m) => <option value={m.id}>{m.name}</option>}</For>
          <option value="custom">My own names…</option>
        </select>
      </div>
      <Show when={editing()}>
        <label for={`${props.id}-custom`}>
          {count()} names, in input order, separated by commas (10-20 names such as Fp1, C3, O2 are placed on the head view)
        </label>
        <input id={`${props.id}-custom`} type="text" size="60" value={customText()} onInput={(e) => setCustomText(e.currentTarget.value)} />
        <button type="button" onClick={saveCustom}>
          Use these names
        </button>
        <Show when={problems().length}>
          <p class="warn-text" role="alert">
            These names cannot be used: {problems().join('; ')}.
          </p>
        </Show>
      </Show>
      <p class="muted" data-testid={`montage-${props.kind}-names`}>
        Inputs 1–{count()}: {names().join(', ')}
        {unplaced().length && unplaced().length < names().length ? ` (not on the head view: ${unplaced().join(', ')})` : ''}
      </p>
    </div>
  );
}
