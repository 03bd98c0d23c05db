// Keeps every domain state equal to the engine's: subscribe first, take a snapshot at seq S,
// apply only patches S+1, S+2, … in order, and take a fresh snapshot on any gap or reconnect.
// Patches that arrive while a snapshot is in flight wait in a buffer and are replayed after it.
import type { PatchDto, SnapshotDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import { BackendError, type Backend } from '../backend';

/** A domain state fed by the live stream. */
export interface LiveSink {
  /** Replaces everything with a snapshot. */
  reset(snapshot: SnapshotDto): void;
  /** Applies one patch, already known to be the next in sequence. */
  apply(patch: PatchDto): void;
}

/** Where the stream stands: first load, live, re-taking a snapshot, or unable to load. */
export type LiveStatus = 'loading' | 'live' | 'resyncing' | 'failed';

/** Delays the stream uses; tests shorten them. */
export interface LiveTimings {
  /** How long to wait before retrying a failed snapshot, in ms. */
  retryMs: number;
}

/** The live stream's driver. */
export class LiveSync {
  status = $state<LiveStatus>('loading');
  errorCode = $state<ApiErrorCode | undefined>();
  /** How many snapshots were taken (1 after the first load); tells tests and the UI about resyncs. */
  snapshots = $state(0);

  readonly #backend: Backend;
  readonly #sinks: readonly LiveSink[];
  readonly #timings: LiveTimings;
  #seq = -1;
  #syncing = false;
  #buffer: PatchDto[] = [];
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend, sinks: readonly LiveSink[], timings: LiveTimings = { retryMs: 2000 }) {
    this.#backend = backend;
    this.#sinks = sinks;
    this.#timings = timings;
  }

  /** The sequence number the states are at (-1 before the first snapshot). */
  get seq(): number {
    return this.#seq;
  }

  /** Subscribes, then loads; returns the function that stops everything. */
  start(): () => void {
    const stopListening = this.#backend.listen((message) => {
      if (message.name === 'live.patch') this.#receive(message.payload);
    });
    let lost = false;
    const stopConnection = this.#backend.onConnection((link) => {
      // Patches sent while the link was down are gone: only a snapshot can catch up.
      if (link === 'closed') lost = true;
      else if (link === 'open' && lost) {
        lost = false;
        void this.resync();
      }
    });
    void this.resync();
    return () => {
      stopListening();
      stopConnection();
      clearTimeout(this.#retry);
    };
  }

  /** Takes a fresh snapshot and replays whatever patches follow it. */
  async resync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    this.#buffer = [];
    clearTimeout(this.#retry);
    this.status = this.#seq < 0 ? 'loading' : 'resyncing';
    let snapshot: SnapshotDto;
    try {
      snapshot = await this.#backend.invoke('live.snapshot', {});
    } catch (error) {
      this.#syncing = false;
      this.errorCode = error instanceof BackendError ? error.code : 'internal';
      this.status = 'failed';
      this.#retry = setTimeout(() => void this.resync(), this.#timings.retryMs);
      return;
    }
    for (const sink of this.#sinks) sink.reset(snapshot);
    this.#seq = snapshot.seq;
    this.#syncing = false;
    this.errorCode = undefined;
    this.status = 'live';
    this.snapshots++;
    const waiting = this.#buffer.sort((a, b) => a.seq - b.seq);
    this.#buffer = [];
    for (const patch of waiting) this.#receive(patch);
  }

  #receive(patch: PatchDto): void {
    if (this.#syncing) {
      this.#buffer.push(patch);
      return;
    }
    if (patch.seq <= this.#seq) return; // already contained in the snapshot
    if (patch.seq !== this.#seq + 1) {
      void this.resync();
      this.#buffer.push(patch);
      return;
    }
    for (const sink of this.#sinks) sink.apply(patch);
    this.#seq = patch.seq;
  }
}
