// The neurofeedback loop's latest status, readable by any screen (the header shows a running
// training). Only features/listen/neurofeedback-store.ts writes it, from the worker's messages.
import { createSignal } from 'solid-js';
import type { NeurofeedbackStatus } from '../../../workers/analysis/neurofeedback-engine.ts';

export const [nfStatus, setNfStatus] = createSignal<NeurofeedbackStatus | null>(null);
