// Where the tests' real recordings live: tests/data/eeg, inside the repository, so a plain clone
// passes its tests. Their origins are in tests/data/eeg/README.md and their licences in LICENSES.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const eegDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'eeg');
