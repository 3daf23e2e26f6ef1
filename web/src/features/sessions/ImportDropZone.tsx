// Import by drag and drop (or a file picker): the file is read and stored as a local session.
import { describeStream } from '../../../../workers/protocol/stream-words.ts';
import { Show, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { bumpSessions } from './sync-runner.ts';
import { fileSha256, findImportOf, storeImportedRecording } from './store-recording.ts';
import { readFileAsRecording } from './read-file.ts';

export function ImportDropZone() {
  const [active, setActive] = createSignal(false);
  const [message, setMessage] = createSignal('');
  // A file imported before: the question, and how it is answered (true: import it again).
  const [asking, setAsking] = createSignal<{ text: string; answer: (again: boolean) => void } | null>(null);
  const askAgain = (text: string) => new Promise<boolean>((resolve) => setAsking({ text, answer: (again) => (setAsking(null), resolve(again)) }));

  const importFiles = async (files: FileList | null | undefined) => {
    for (const file of Array.from(files ?? [])) {
      setMessage(`Importing ${file.name}…`);
      try {
        const db = await studioDb();
        const sha256 = await fileSha256(await file.arrayBuffer());
        const earlier = await findImportOf(db, sha256);
        if (earlier) {
          const again = await askAgain(
            `${file.name} is already in the library as “${earlier.title}” (the same bytes). Import it again as another session?`,
          );
          if (!again) {
            setMessage(`Skipped ${file.name}: it is already in the library as “${earlier.title}”.`);
            continue;
          }
        }
        const recording = await readFileAsRecording(file, (p) => setMessage(`Importing ${file.name}: ${Math.round(p * 100)}%`));
        const session = await storeImportedRecording(db, recording, file.name, { name: file.name, sizeBytes: file.size, sha256 });
        const warn = recording.warnings.length
          ? ` (${recording.warnings.length} warning${recording.warnings.length > 1 ? 's' : ''}: ${recording.warnings[0]})`
          : '';
        setMessage(`Imported ${file.name}: ${session.streams.map(describeStream).join('; ')}${warn}.`);
        announce(`Imported ${file.name}.`);
        bumpSessions();
      } catch (e) {
        setMessage(`Could not import ${file.name}: ${(e as Error).message}`);
        announce(`Could not import ${file.name}.`, 'assertive');
      }
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the keyboard path is the file input inside it.
    <div
      class={`dropzone card ${active() ? 'active' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={(e) => {
        e.preventDefault();
        setActive(false);
        void importFiles(e.dataTransfer?.files);
      }}
    >
      <p>Drop EDF/BDF, OpenBCI, Muse or Mind Monitor files here, or</p>
      <label for="import-file" class="sr-only">
        Import a recording file
      </label>
      <input id="import-file" type="file" multiple onChange={(e) => void importFiles(e.currentTarget.files)} />
      <Show when={asking()}>
        {(q) => (
          <div class="alert" role="alertdialog" aria-labelledby="reimport-q" data-testid="reimport-question">
            <p id="reimport-q">{q().text}</p>
            <button type="button" onClick={() => q().answer(true)}>
              Import again
            </button>
            <button type="button" class="primary" onClick={() => q().answer(false)} ref={(b) => queueMicrotask(() => b.focus())}>
              Skip it
            </button>
          </div>
        )}
      </Show>
      <p role="status" aria-live="polite">
        {message()}
      </p>
    </div>
  );
}
