// Kademlia routing table: one bucket per log distance (1..256) from our node id, each holding at
// most `bucketSize` nodes (most recently seen first) and a replacement cache. Codex's own table
// splits buckets lazily; with per-distance buckets the answers to findNode are the same and the
// table is bounded by construction (256 × (bucket + replacements) nodes).
import { compareDistance, idAtDistance, idHex, logDistance, type NodeId } from './node-id';
import { isVerified, type DhtNode } from './node';

export type AddResult = 'added' | 'updated' | 'existing' | 'replacement' | 'local' | 'no-address';

interface Bucket {
  nodes: DhtNode[];
  replacements: DhtNode[];
}

export interface TableLimits {
  bucketSize: number;
  replacements: number;
  /** Unanswered requests in a row after which a node leaves the table even without a replacement. */
  maxFailures: number;
}

export class RoutingTable {
  private readonly buckets: Bucket[] = Array.from({ length: 256 }, () => ({ nodes: [], replacements: [] }));
  private readonly byKey = new Map<string, DhtNode>();
  private readonly protectedKeys = new Set<string>();

  constructor(
    readonly localId: NodeId,
    private readonly limits: TableLimits,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  private bucketOf(id: NodeId): Bucket | undefined {
    const d = logDistance(this.localId, id);
    return d === 0 ? undefined : this.buckets[d - 1];
  }

  /** Bootstrap nodes are never dropped for failing, as in nim-codex-dht. */
  protect(id: NodeId): void {
    this.protectedKeys.add(idHex(id));
  }

  get(id: NodeId): DhtNode | undefined {
    return this.byKey.get(idHex(id));
  }

  /** Adds a node at the tail of its bucket, or to the replacement cache when the bucket is full. */
  add(node: DhtNode): AddResult {
    if (node.endpoint === undefined) return 'no-address';
    const bucket = this.bucketOf(node.id);
    if (bucket === undefined) return 'local';
    const existing = this.byKey.get(node.key);
    if (existing !== undefined) {
      if (node.record.seq <= existing.record.seq) return 'existing';
      existing.record = node.record;
      existing.endpoint = node.endpoint;
      return 'updated';
    }
    if (bucket.nodes.length < this.limits.bucketSize) {
      bucket.nodes.push(node);
      this.byKey.set(node.key, node);
      return 'added';
    }
    const at = bucket.replacements.findIndex((n) => n.key === node.key);
    if (at >= 0) {
      if (bucket.replacements[at]!.record.seq > node.record.seq) return 'replacement';
      bucket.replacements.splice(at, 1);
    }
    bucket.replacements.push(node);
    if (bucket.replacements.length > this.limits.replacements) bucket.replacements.shift();
    return 'replacement';
  }

  /** A node answered: it moves to the head of its bucket. */
  answered(id: NodeId): void {
    const node = this.get(id);
    if (node === undefined) return;
    node.answered++;
    node.failures = 0;
    const bucket = this.bucketOf(id)!;
    bucket.nodes.splice(bucket.nodes.indexOf(node), 1);
    bucket.nodes.unshift(node);
  }

  /**
   * A node did not answer (`invalid`: answered wrongly). It is replaced from the cache if one
   * waits, dropped at once for a wrong answer, or after `maxFailures` timeouts in a row.
   */
  failed(id: NodeId, invalid = false): void {
    const node = this.get(id);
    if (node === undefined) return;
    node.failures++;
    if (this.protectedKeys.has(node.key)) return;
    const bucket = this.bucketOf(id)!;
    if (!invalid && bucket.replacements.length === 0 && node.failures < this.limits.maxFailures) return;
    this.remove(id);
  }

  /** Removes a node; the newest replacement takes its place. */
  remove(id: NodeId): void {
    const key = idHex(id);
    const node = this.byKey.get(key);
    if (node === undefined) return;
    const bucket = this.bucketOf(id)!;
    bucket.nodes.splice(bucket.nodes.indexOf(node), 1);
    this.byKey.delete(key);
    const next = bucket.replacements.pop();
    if (next !== undefined) {
      bucket.nodes.push(next);
      this.byKey.set(next.key, next);
    }
  }

  /** Every node in the table. */
  all(): DhtNode[] {
    return this.buckets.flatMap((b) => b.nodes);
  }

  /** Up to `k` nodes closest to `target`; `verifiedOnly` keeps those we would vouch for. */
  neighbours(target: NodeId, k: number, verifiedOnly = false): DhtNode[] {
    return this.all()
      .filter((n) => !verifiedOnly || isVerified(n))
      .sort((a, b) => compareDistance(a.id, b.id, target))
      .slice(0, k);
  }

  /** Up to `k` verified nodes at the given log distances from us, closest to the first one first. */
  atDistances(distances: readonly number[], k: number): DhtNode[] {
    const first = distances[0];
    if (first === undefined) return [];
    const wanted = new Set(distances);
    const ref = idAtDistance(this.localId, first);
    return distances
      .flatMap((d) => (d >= 1 && d <= 256 ? this.buckets[d - 1]!.nodes : []))
      .filter((n, i, list) => wanted.has(logDistance(this.localId, n.id)) && isVerified(n) && list.indexOf(n) === i)
      .sort((a, b) => compareDistance(a.id, b.id, ref))
      .slice(0, k);
  }

  /** The least recently seen node of a random non-empty bucket: the next one to ping. */
  nodeToRevalidate(random: (n: number) => number): DhtNode | undefined {
    const nonEmpty = this.buckets.filter((b) => b.nodes.length > 0);
    if (nonEmpty.length === 0) return undefined;
    return nonEmpty[random(nonEmpty.length)]!.nodes.at(-1);
  }
}
