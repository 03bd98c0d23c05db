// Iterative Kademlia lookup as nim-codex-dht runs it: start from the k closest nodes we know, keep
// α requests in flight to the closest not yet asked, merge what they return (keeping the k closest)
// and stop when nobody closer is left to ask. Every node learnt on the way is offered to the table.
// Unlike nim, a node that did not answer is dropped from the result (the next closest takes its
// place), so callers do not send getProviders or addProvider into the void.
import { compareDistance, idHex, logDistance, type NodeId } from './node-id';
import type { DhtNode } from './node';
import type { RoutingTable } from './routing-table';
import type { Rpc } from './rpc';

export interface LookupParams {
  alpha: number;
  k: number;
}

/** The 3 log distances asked of `dest` when looking for `target`: d, then d±1, d±2… within 1..256. */
export function lookupDistances(target: NodeId, dest: NodeId): number[] {
  const d = logDistance(target, dest);
  const out = [d];
  for (let i = 1; out.length < 3; i++) {
    if (d + i < 256) out.push(d + i);
    if (out.length < 3 && d - i > 0) out.push(d - i);
  }
  return out;
}

/** The k closest nodes to `target` found; a cancelled lookup returns what it has so far. */
export async function lookup(
  table: RoutingTable,
  rpc: Rpc,
  params: LookupParams,
  target: NodeId,
  opts: { fast?: boolean; signal?: AbortSignal } = {},
): Promise<DhtNode[]> {
  const local = idHex(table.localId);
  let closest = table.neighbours(target, params.k);
  const asked = new Set([local]);
  const seen = new Set([local, ...closest.map((n) => n.key)]);
  const inFlight = new Map<string, Promise<[string, DhtNode[] | undefined]>>();
  let onAbort = () => {};
  const aborted = new Promise<undefined>((resolve) => (onAbort = () => resolve(undefined)));
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const ask = async (n: DhtNode): Promise<[string, DhtNode[] | undefined]> => {
    const found =
      opts.fast === true ? await rpc.findNodeFast(n, target) : await rpc.findNode(n, lookupDistances(target, n.id));
    for (const f of found ?? []) table.add(f);
    return [n.key, found];
  };

  try {
    await search();
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return closest;

  async function search(): Promise<void> {
    while (opts.signal?.aborted !== true) {
      for (const n of closest) {
        if (inFlight.size >= params.alpha) break;
        if (asked.has(n.key)) continue;
        asked.add(n.key);
        inFlight.set(n.key, ask(n));
      }
      if (inFlight.size === 0) break;
      const done = await Promise.race([...inFlight.values(), aborted]);
      if (done === undefined) break;
      const [key, found] = done;
      inFlight.delete(key);
      if (found === undefined) closest = closest.filter((n) => n.key !== key);
      for (const f of found ?? []) {
        if (seen.has(f.key)) continue;
        seen.add(f.key);
        closest = [...closest, f].sort((a, b) => compareDistance(a.id, b.id, target)).slice(0, params.k);
      }
    }
  }
}
