import { EventEmitter } from 'node:events';
import type { ModelmintEvent } from './ingest/events.js';

/** One change, as the server-sent-events stream sends it. */
export interface LiveUpdate {
  signature: string;
  eventIndex: number;
  slot: string;
  name: ModelmintEvent['name'] | 'TrainingProgress';
  keys: string[];
  event: ModelmintEvent | { name: 'TrainingProgress'; data: unknown };
}

/** In-process fan-out of committed changes to SSE clients. */
export class LiveBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(update: LiveUpdate): void {
    this.#emitter.emit('update', update);
  }

  subscribe(listener: (update: LiveUpdate) => void): () => void {
    this.#emitter.on('update', listener);
    return () => this.#emitter.off('update', listener);
  }

  get listeners(): number {
    return this.#emitter.listenerCount('update');
  }
}
