// Cyton (+ Daisy) over Web Serial (115200 8N1 through the FTDI dongle). Moves bytes, decodes nothing.
// Before streaming the board speaks text ending in `$$$` (reset banner, settings replies); once `b` is
// sent, every chunk goes to the acquisition worker as raw bytes. Stop = `s`, then a short drain before
// close (a `s` written right before close() is lost).
import { hostNowMs, type DeviceTransport, type TransportSink } from '../transport.ts';
import { CYTON_BAUD_RATE, CytonCommand } from './descriptor.ts';

export interface CytonTransportOptions {
  daisy: boolean;
  port?: SerialPort;
  /** Text commands sent (each awaiting its `$$$` reply) after reset and before streaming, e.g. channel settings. */
  setupCommands?: string[];
  /** How long to wait for a `$$$`-terminated reply (ms). */
  replyTimeoutMs?: number;
}

export function createCytonTransport(o: CytonTransportOptions): DeviceTransport {
  let port = o.port;
  let sink: TransportSink;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let streaming = false;
  let closing = false;
  let text = '';
  let waiter: ((reply: string) => void) | null = null;
  const timeoutMs = o.replyTimeoutMs ?? 3000;

  async function write(command: string): Promise<void> {
    const writer = port!.writable!.getWriter();
    try {
      await writer.write(new TextEncoder().encode(command));
    } finally {
      writer.releaseLock();
    }
  }

  /** Sends a command and waits for its `$$$`-terminated reply. */
  async function ask(command: string): Promise<string> {
    text = '';
    const reply = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        reject(new Error(`Cyton did not answer "${command}" within ${timeoutMs} ms (is the board switched on and the dongle set to PC?)`));
      }, timeoutMs);
      waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
    await write(command);
    return reply;
  }

  async function readLoop(r: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await r.read();
        if (done) break;
        if (!value) continue;
        if (streaming) {
          const copy = value.slice().buffer as ArrayBuffer;
          sink.bytes('serial', copy, hostNowMs());
        } else {
          text += new TextDecoder().decode(value);
          const end = text.indexOf('$$$');
          if (end >= 0 && waiter) {
            const w = waiter;
            waiter = null;
            w(text.slice(0, end));
            text = text.slice(end + 3);
          }
        }
      }
    } catch (error) {
      if (!closing) sink.dropped(`serial read failed: ${error instanceof Error ? error.message : error}`);
      return;
    }
    if (!closing) sink.dropped('the serial port closed');
  }

  async function openAndStart(): Promise<void> {
    await port!.open({ baudRate: CYTON_BAUD_RATE, dataBits: 8, stopBits: 1, parity: 'none', bufferSize: 1 << 16 });
    streaming = false;
    reader = port!.readable!.getReader();
    void readLoop(reader);
    const banner = await ask(CytonCommand.softReset);
    if (/^Failure/m.test(banner)) throw new Error(`The dongle answered but the Cyton board did not: ${banner.trim()}`);
    if (o.daisy) {
      const reply = await ask(CytonCommand.daisyOn);
      if (/no daisy/i.test(reply)) throw new Error('No Daisy module attached to this Cyton: connect it as a plain Cyton (8 channels).');
    }
    for (const command of o.setupCommands ?? []) {
      const reply = await ask(command);
      if (/Failure/i.test(reply)) throw new Error(`Cyton refused "${command}": ${reply.trim()}`);
    }
    streaming = true;
    await write(CytonCommand.start);
  }

  return {
    async open(s) {
      sink = s;
      if (!port) {
        const serial = globalThis.navigator?.serial;
        if (!serial) throw new Error('Web Serial is not available in this browser: use Chrome or Edge over https or localhost.');
        // One port this site was granted before (the dongle chosen last time, or one a policy allows)
        // is used again without a chooser; otherwise the person picks one.
        const granted = await serial.getPorts();
        port = granted.length === 1 ? granted[0]! : await serial.requestPort();
      }
      await openAndStart();
    },
    async reopen() {
      await reader?.cancel().catch(() => {});
      await port!.close().catch(() => {});
      await openAndStart();
    },
    async send(command) {
      if (!port?.writable) throw new Error('Cyton port is not open');
      await write(command);
    },
    async close() {
      closing = true;
      if (port?.writable) {
        await write(CytonCommand.stop).catch(() => {});
        await new Promise((r) => setTimeout(r, 200)); // let `s` leave the buffer before the port closes
      }
      await reader?.cancel().catch(() => {});
      reader?.releaseLock();
      await port?.close().catch(() => {});
    },
  };
}
