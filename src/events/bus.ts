import { EventEmitter } from 'node:events';
import type { EventOf, RunEvent, RunEventType } from './types.js';

/** A typed event bus; every subscriber sees every event in emission order. */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #history: RunEvent[] = [];

  emit(event: RunEvent): void {
    // Activity lines are live-only: a chatty agent must not grow memory for the whole run.
    if (event.type !== 'story:activity') this.#history.push(event);
    this.#emitter.emit('event', event);
  }

  on(listener: (event: RunEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  onType<T extends RunEventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    return this.on((event) => {
      if (event.type === type) listener(event as EventOf<T>);
    });
  }

  /** Every event emitted so far except agent activity lines (the summary and tests read it). */
  history(): readonly RunEvent[] {
    return this.#history;
  }
}
