// Acquisition worker entry: bytes -> decode -> timeline -> rings. All behaviour is in AcquisitionController.
/// <reference lib="webworker" />
import type { FromWorker, ToWorker } from './acquisition.protocol.ts';
import { AcquisitionController } from './acquisition-controller.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const controller = new AcquisitionController((message: FromWorker, transfer?: Transferable[]) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event: MessageEvent<ToWorker>) => controller.handle(event.data);
