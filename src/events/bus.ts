import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { EventOf, RunEvent, RunEventType } from './types.js';

/** An event and when it was emitted, in ms since the process started (the scale of `performance.now()`). */
export interface TimedEvent {
  event: RunEvent;
  at: number;
}

/** A typed event bus; every subscriber sees every event in emission order. */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #history: RunEvent[] = [];
  readonly #times: number[] = [];
  readonly #now: () => number;

  /** `now`: ms since the process started; the summary's timings are measured on this clock. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  emit(event: RunEvent): void {
    // Activity lines are live-only: a chatty agent must not grow memory for the whole run.
    if (event.type !== 'story:activity') {
      this.#history.push(event);
      this.#times.push(this.#now());
    }
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

  /** The history with each event's emission time: what the summary's time figures are computed from. */
  timeline(): TimedEvent[] {
    return this.#history.map((event, i) => ({ event, at: this.#times[i] ?? 0 }));
  }

  /** Now, on the clock the timeline uses (ms since the process started, by default). */
  now(): number {
    return this.#now();
  }
}
