// End-to-end encrypted sessions on the server (metadata.encryption set, chunks of layout version 2):
// stored, listed and served like any other, but never read. Where a route would have to read their
// samples (analysis, export) it answers 409 with the problem type below, never a 500.
import { ChunkLayoutError, decodeChunk, decodeChunkHeader, type ChunkHeader } from '../../contract/chunk.ts';
import type { SessionMetadata } from '../../contract/sessions.ts';
import { ProblemError } from '../../http/problem.ts';

export const ENCRYPTED_PROBLEM_TYPE = 'https://clisonix.local/problems/end-to-end-encrypted';

export function isEncryptedSession(metadata: unknown): boolean {
  return (metadata as SessionMetadata).encryption !== undefined;
}

/** 409 when the session is end-to-end encrypted: `what` is the work that needs its samples ("analysed", "exported"). */
export function refuseEncryptedSession(id: string, metadata: unknown, what: string): void {
  if (!isEncryptedSession(metadata)) return;
  throw new ProblemError(
    409,
    `Session ${id} is end-to-end encrypted: the server cannot read its samples, so it cannot be ${what} here. Open it in the studio with your passphrase.`,
    [{ path: 'path.id', message: 'session is end-to-end encrypted: the server cannot read its samples' }],
    { type: ENCRYPTED_PROBLEM_TYPE, title: 'End-to-end encrypted' },
  );
}

/**
 * Checks an uploaded chunk against its session: the layout (a plain chunk's samples too), and that a
 * encrypted session gets only encrypted chunks and a plain one only plain chunks. Throws a 400 ProblemError.
 */
export function checkUploadedChunk(bytes: Uint8Array, metadata: unknown): ChunkHeader {
  let header: ChunkHeader;
  try {
    header = decodeChunkHeader(bytes);
    if (!header.encrypted) decodeChunk(bytes); // every sample finite
  } catch (error) {
    if (error instanceof ChunkLayoutError)
      throw new ProblemError(400, `The chunk layout is wrong: ${error.message}.`, [{ path: `body.${error.field}`, message: error.message }]);
    throw error;
  }
  const encryptedSession = isEncryptedSession(metadata);
  if (header.encrypted !== encryptedSession)
    throw new ProblemError(
      400,
      encryptedSession
        ? 'The session is end-to-end encrypted: its chunks must be encrypted (layout version 2).'
        : 'The chunk is encrypted (layout version 2), but the session is not end-to-end encrypted (metadata.encryption is not set).',
      [{ path: 'body.version', message: encryptedSession ? 'expected layout version 2' : 'expected layout version 1' }],
    );
  return header;
}

/** 409 when a metadata update would turn a session's encryption on or off (its stored chunks could not follow). */
export function refuseEncryptionChange(id: string, current: unknown, next: SessionMetadata): void {
  if (isEncryptedSession(current) === isEncryptedSession(next)) return;
  throw new ProblemError(
    409,
    `Session ${id} was created ${isEncryptedSession(current) ? 'end-to-end encrypted' : 'unencrypted'}; its encryption cannot change.`,
    [{ path: 'body.encryption', message: isEncryptedSession(current) ? 'must stay set' : 'must stay unset' }],
  );
}
