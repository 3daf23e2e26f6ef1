// Import by drag and drop (or a file picker): the file is read and stored as a local session.
import { describeStream } from '../../../../workers/protocol/stream-words.ts';
import { createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { bumpSessions } from './sync-runner.ts';
import { storeImportedRecording } from './store-recording.ts';
import { readFileAsRecording } from './read-file.ts';

export function ImportDropZone() {
  const [active, setActive] = createSignal(false);
  const [message, setMessage] = createSignal('');

  const importFiles = async (files: FileList | null | undefined) => {
    for (const file of Array.from(files ?? [])) {
      setMessage(`Importing ${file.name}…`);
      try {
        const recording = await readFileAsRecording(file, (p) => setMessage(`Importing ${file.name}: ${Math.round(p * 100)}%`));
        const session = await storeImportedRecording(await studioDb(), recording, file.name);
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
      <p role="status" aria-live="polite">
        {message()}
      </p>
    </div>
  );
}
