// The page's handle on the live-view worker: it hands over one stream's reader once and the user's
// settings when they change, and receives display-filtered blocks and analysis frames to draw.
import type { ReaderEndpoint } from '../protocol/streams.ts';
import type { LiveAnalysisFrame } from './live-view-analysis.ts';
import type { FromLiveView, LiveViewConfig, SideStreamRole, ToLiveView } from './live-view.protocol.ts';
import type { MovementSpan } from './motion-artifacts.ts';
import type { MotionBlock } from './motion-magnitude.ts';
import type { HeartRateFrame } from './ppg-monitor.ts';

export interface DisplayBlock {
  streamId: string;
  firstSample: number;
  channels: Float32Array[];
}

export interface LiveViewWorker {
  attach(stream: { id: string; labels: string[]; sampleRateHz: number }, reader: ReaderEndpoint, config: LiveViewConfig): void;
  /** Also reads an optical stream (heart rate), an accelerometer (motion plot, movements) or a gyroscope; call after attach. */
  attachSide(role: SideStreamRole, stream: { id: string; labels: string[]; sampleRateHz: number }, reader: ReaderEndpoint): void;
  detach(): void;
  configure(config: LiveViewConfig): void;
  onDisplay(listener: (block: DisplayBlock) => void): () => void;
  onFrame(listener: (frame: LiveAnalysisFrame, streamId: string) => void): () => void;
  onHeart(listener: (frame: HeartRateFrame, streamId: string) => void): () => void;
  /** Motion blocks flow only while a display listener is subscribed (the Live screen is shown). */
  onMotion(listener: (blocks: MotionBlock[], sampleRateHz: number, streamId: string, sensor: 'accel' | 'gyro') => void): () => void;
  /** A movement the accelerometer shows, as it begins and again as it grows (same startMs). */
  onMovement(listener: (span: MovementSpan, streamId: string) => void): () => void;
  /** `message` null: the last error no longer applies. */
  onError(listener: (message: string | null) => void): () => void;
}

function listeners<T extends unknown[]>(onCount: (count: number) => void = () => {}) {
  const set = new Set<(...args: T) => void>();
  return {
    add: (l: (...args: T) => void) => {
      set.add(l);
      onCount(set.size);
      return () => {
        set.delete(l);
        onCount(set.size);
      };
    },
    emit: (...args: T) => set.forEach((l) => l(...args)),
  };
}

/** Starts the worker. @example const view = createLiveViewWorker(); view.onFrame(draw); view.attach(stream, endpoint, config); */
export function createLiveViewWorker(): LiveViewWorker {
  const worker = new Worker(new URL('./live-view.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-live-view' });
  const post = (message: ToLiveView, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  // Display blocks flow only while someone draws them (the Live screen is shown).
  let drawing = false;
  const display = listeners<[DisplayBlock]>((count) => {
    if (count > 0 === drawing) return;
    drawing = count > 0;
    post({ type: 'display', on: drawing });
  });
  const frames = listeners<[LiveAnalysisFrame, string]>();
  const hearts = listeners<[HeartRateFrame, string]>();
  const motions = listeners<[MotionBlock[], number, string, 'accel' | 'gyro']>();
  const movements = listeners<[MovementSpan, string]>();
  const errors = listeners<[string | null]>();
  worker.onmessage = (event: MessageEvent<FromLiveView>) => {
    const m = event.data;
    if (m.type === 'display') display.emit(m);
    else if (m.type === 'frame') frames.emit(m.frame, m.streamId);
    else if (m.type === 'heart') hearts.emit(m.frame, m.streamId);
    else if (m.type === 'motion') motions.emit(m.blocks, m.sampleRateHz, m.streamId, m.sensor);
    else if (m.type === 'movement') movements.emit(m.span, m.streamId);
    else if (m.type === 'error') errors.emit(m.message);
    else errors.emit(null);
  };
  worker.onerror = (event) => errors.emit(`live-view worker failed: ${event.message}`);
  return {
    attach: (stream, reader, config) => post({ type: 'attach', stream, reader, config }, 'port' in reader ? [reader.port] : []),
    attachSide: (role, stream, reader) => post({ type: 'attach-side', role, stream, reader }, 'port' in reader ? [reader.port] : []),
    detach: () => post({ type: 'detach' }),
    configure: (config) => post({ type: 'configure', config }),
    onDisplay: display.add,
    onFrame: frames.add,
    onHeart: hearts.add,
    onMotion: motions.add,
    onMovement: movements.add,
    onError: errors.add,
  };
}
