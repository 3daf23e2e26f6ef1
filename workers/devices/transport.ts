// The contract every main-thread transport (Web Bluetooth, Web Serial) fulfils. Transports only move
// bytes: they never decode. The acquisition bridge owns reconnection and state.

export interface TransportSink {
  /** Raw bytes of one notification / serial chunk, with host arrival time (performance.timeOrigin + now()). */
  bytes(source: string, bytes: ArrayBuffer, arrivalMs: number): void;
  /** The link dropped without being asked to (GATT disconnect, serial read error, data stall). */
  dropped(reason: string): void;
}

export interface DeviceTransport {
  /** First connection: may show the browser's chooser (needs a user gesture). Starts streaming. */
  open(sink: TransportSink): Promise<void>;
  /** Reconnects to the SAME device chosen by open() and restarts streaming. Rejects if it cannot. */
  reopen(): Promise<void>;
  /** Sends a device text command (Cyton/Ganglion characters, Muse control strings). */
  send(command: string): Promise<void>;
  /** Stops streaming and releases the device. */
  close(): Promise<void>;
  /** Facts learned while connecting (e.g. Ganglion firmware), passed to the decoder. */
  readonly detected?: { ganglionFirmware?: 2 | 3; museModel?: 'classic' | 'athena'; deviceName?: string };
}

/** Host clock shared by all threads: epoch ms with sub-ms resolution. */
export const hostNowMs = (): number => performance.timeOrigin + performance.now();

/** Copies a DataView's bytes into a standalone ArrayBuffer that can be transferred. */
export function copyBytes(view: DataView): ArrayBuffer {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}
