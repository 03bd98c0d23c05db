// Serving the slots this host stores, as a Codex node does: the data source's hooks keep each
// manifest and block proof beside the slot's data, the repo-backed store answers peers, and every
// slot held is announced (its manifest CID and treeCid) through the DHT; once no slot of a dataset
// is held any more (freed, ended), a sweep withdraws it, or the DHT would go on naming us as its
// provider. The manifest arrives before the slot's data is tagged, so it waits by request until the
// first block names the slot.
import type { Logger, Repo } from '../engine/index';
import { slotIdOf } from '../market/index';
import {
  RepoServedBlocks,
  type BlockProof,
  type CodexSourceOptions,
  type FetchedManifest,
  type StoredManifest,
} from '../network/index';

/** Where what we store is announced: the data plane's DHT. */
export interface SlotAnnouncer {
  announce(cid: Uint8Array): Promise<void>;
  withdraw(cid: Uint8Array): void;
}

/** Manifests of requests being downloaded kept in memory; a host downloads a handful of slots at once. */
const MANIFESTS_KEPT = 256;

/** The repo-backed store, the source hooks that fill it, and the announcing of what it holds. */
export interface SlotServing {
  readonly serve: RepoServedBlocks;
  readonly source: Pick<CodexSourceOptions, 'onBlockProof' | 'onManifest'>;
  /** Announces every slot held and, from now on, each new one; sweeps every few minutes. */
  start(announcer: SlotAnnouncer): Promise<void>;
  /** Withdraws the datasets of which no slot is held any more. */
  sweep(): void;
  /** Stops the sweeps and waits for the proofs being appended (before the repo closes). */
  close(): Promise<void>;
}

/**
 * How often freed slots are looked for: well within the DHT's 30-minute re-announce, and cheap
 * (one size lookup per slot held).
 */
const SWEEP_MS = 5 * 60_000;

/** Opens the serve store over `repo`, reading what earlier runs kept. */
export async function openSlotServing(repo: Repo, log: Logger): Promise<SlotServing> {
  const serve = new RepoServedBlocks(repo, log);
  await serve.load();
  const manifests = new Map<string, StoredManifest>(); // by request id, the newest MANIFESTS_KEPT
  const keys = new Map<string, string>(); // slot id → data key
  const announced = new Map<string, StoredManifest>(); // by manifest CID (hex)
  let announcer: SlotAnnouncer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastFailure: unknown;
  const hexOf = (cid: Uint8Array) => Buffer.from(cid).toString('hex');

  const announceHeld = (m: StoredManifest): void => {
    const key = hexOf(m.cid);
    if (!announcer || announced.has(key)) return;
    announced.set(key, m);
    for (const cid of [m.cid, m.treeCid])
      announcer.announce(cid).catch((error: unknown) =>
        log.warn('announcing a stored slot failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  };
  const sweep = (): void => {
    if (!announcer) return;
    const held = new Set(serve.held().map((m) => hexOf(m.cid)));
    for (const [key, m] of announced) {
      if (held.has(key)) continue;
      announced.delete(key);
      announcer.withdraw(m.cid);
      announcer.withdraw(m.treeCid);
    }
  };
  const dataKeyOf = (slotId: string): string | undefined => {
    const known = keys.get(slotId);
    // A cached key whose data left the repo (the slot was freed) is looked up again.
    if (known !== undefined && repo.slotOfData(known) === slotId) return known;
    const found = repo.listSlots().find((k) => repo.slotOfData(k) === slotId);
    if (found !== undefined) keys.set(slotId, found);
    return found;
  };

  const onManifest = (m: FetchedManifest): void => {
    manifests.delete(m.requestId);
    manifests.set(m.requestId, { cid: m.cid, treeCid: m.manifest.manifest.treeCid, bytes: m.bytes });
    // Only downloads under way need it (each slot keeps its own copy on disk once its data has a block).
    if (manifests.size > MANIFESTS_KEPT) manifests.delete(manifests.keys().next().value!);
  };
  const onBlockProof = async (p: BlockProof): Promise<void> => {
    const slotId = slotIdOf(p.requestId, p.slotIndex);
    const dataKey = dataKeyOf(slotId);
    if (dataKey === undefined) {
      log.warn('a stored block names a slot the repo has no data for; it is not served', { slotId });
      return;
    }
    const manifest = manifests.get(p.requestId);
    if (manifest && !serve.holdsManifest(dataKey)) {
      await serve.keepManifest(dataKey, manifest);
      announceHeld(manifest);
    }
    // Not awaited: the proofs are appended as they come, and a download must not wait for them.
    serve
      .keepProof(dataKey, { index: p.index, datasetIndex: p.datasetIndex, proof: p.proof })
      .catch((error: unknown) => {
        if (error === lastFailure) return; // one append's failure reaches every proof in it: said once
        lastFailure = error;
        log.warn("a stored block's proof could not be written; that block is not served", {
          error: error instanceof Error ? error.message : String(error),
        });
      });
  };

  return {
    serve,
    source: { onManifest, onBlockProof },
    async start(to) {
      announcer = to;
      for (const m of serve.held()) announceHeld(m);
      timer = setInterval(sweep, SWEEP_MS);
      timer.unref();
    },
    sweep,
    close: () => {
      clearInterval(timer);
      return serve.flush();
    },
  };
}
