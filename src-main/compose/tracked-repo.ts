// The repo with a count of file operations in flight. A devnet clock jump fires the chain's timers
// one after another; real file I/O completes on Node's thread pool, so the clock must wait for it
// between timers, or chain time would run ahead of an engine still reading a slot for its proof.
import type { Repo } from '../engine/index';

/** A Repo wrapper that knows whether file work is pending. */
export interface TrackedRepo {
  repo: Repo;
  inFlight(): number;
  /** Resolves once no file operation is pending. */
  drained(): Promise<void>;
}

/** Wraps `repo`, counting its asynchronous operations; every call is delegated, none re-bound. */
export function trackRepo(repo: Repo): TrackedRepo {
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight++;
    return work.finally(() => {
      if (--inFlight === 0) for (const wake of waiters.splice(0)) wake();
    });
  };
  return {
    repo: {
      quota: () => repo.quota(),
      writeSlotData: (id, offset, data) => track(repo.writeSlotData(id, offset, data)),
      readSlotData: (id, offset, length) => track(repo.readSlotData(id, offset, length)),
      slotDataSize: (id) => repo.slotDataSize(id),
      truncateSlotData: (id, length) => track(repo.truncateSlotData(id, length)),
      deleteSlotData: (id) => track(repo.deleteSlotData(id)),
      listSlots: () => repo.listSlots(),
      quarantineSlotData: (id) => track(repo.quarantineSlotData(id)),
      tagSlotData: (key, slotId) => track(repo.tagSlotData(key, slotId)),
      slotOfData: (key) => repo.slotOfData(key),
      checkWritable: () => track(repo.checkWritable()),
      writeSlotFile: (id, name, bytes) => track(repo.writeSlotFile(id, name, bytes)),
      appendSlotFile: (id, name, bytes, at) => track(repo.appendSlotFile(id, name, bytes, at)),
      readSlotFile: (id, name) => track(repo.readSlotFile(id, name)),
      readSlotFileAt: (id, name, offset, length) => track(repo.readSlotFileAt(id, name, offset, length)),
      deleteSlotFile: (id, name) => track(repo.deleteSlotFile(id, name)),
    },
    inFlight: () => inFlight,
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
