// Starts a DHT of our own nodes on 127.0.0.1 for tests, all in this process, and stops them all.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { CodexDht, type CodexDhtOptions } from '../../../../src-main/network/dht/index';
import type { DhtTuning } from '../../../../src-main/network/dht/tuning';

/** Timings that suit loopback on a loaded machine: quick to notice silence, slow background work. */
export const loopbackTuning: Partial<DhtTuning> = {
  responseTimeoutMs: 1000,
  handshakeTimeoutMs: 1000,
  revalidateMinMs: 60_000,
  revalidateMaxMs: 60_000,
  refreshMs: 600_000,
};

export class Clock {
  skew = 0;
  readonly now = () => Date.now() + this.skew;
}

export async function startNode(
  opts: Partial<CodexDhtOptions> & { tcpPort?: number; tuning?: Partial<DhtTuning> } = {},
): Promise<CodexDht> {
  return CodexDht.start({
    privateKey: secp256k1.utils.randomSecretKey(),
    bindHost: '127.0.0.1',
    port: 0,
    announceAddrs: [`/ip4/127.0.0.1/tcp/${opts.tcpPort ?? 8070}`],
    ...opts,
    tuning: { ...loopbackTuning, ...opts.tuning },
  });
}

/**
 * `count` nodes; every one but the first bootstraps from the first's SPR alone. They join one after
 * another, each filling its table before the next starts, as a network grows: starting them all at
 * once would put every handshake of the network on this one event loop in the same instant.
 */
export async function startNetwork(count: number, requested: Partial<DhtTuning> = {}): Promise<CodexDht[]> {
  // Every node of a test network lives in this one process: on a loaded 2-core machine an answer can
  // wait seconds for the event loop, so tests allow 3 s (Codex's 1 s) unless they study timeouts.
  const tuning: Partial<DhtTuning> = { responseTimeoutMs: 3000, ...requested };
  const nodes = [await startNode({ tcpPort: 9000, tuning })];
  for (let i = 1; i < count; i++) {
    const node = await startNode({ tcpPort: 9000 + i, bootstrap: [nodes[0]!.spr], tuning });
    await node.refresh();
    nodes.push(node);
  }
  for (const n of nodes) await n.refresh();
  return nodes;
}

export async function stopAll(nodes: readonly CodexDht[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
}
