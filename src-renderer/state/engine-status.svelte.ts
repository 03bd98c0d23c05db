// The engine's heartbeat: loaded once, then kept live by tick events.
import type { EngineStatus } from '../../src-main/api/contract';
import type { ApiErrorCode } from '../../src-main/api/errors';
import { BackendError, type Backend } from '../backend';

/** Engine status as rune state. */
export class EngineStatusState {
  status = $state<EngineStatus | undefined>();
  errorCode = $state<ApiErrorCode | undefined>();
  uptimeSeconds = $derived(this.status ? this.status.now - this.status.startedAt : 0);

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Loads the status and follows the heartbeat; returns the function that stops following. */
  start(): () => void {
    const stop = this.#backend.listen((message) => {
      if (message.name === 'engine.tick' && this.status) {
        this.status = { ...this.status, now: message.payload.now };
      }
    });
    void this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      this.status = await this.#backend.invoke('status.get', {});
      this.errorCode = undefined;
    } catch (error) {
      this.errorCode = error instanceof BackendError ? error.code : 'internal';
    }
  }
}
