// Requests we make to one node: ping, findNode, findNodeFast, getProviders (answered) and
// addProvider (not answered). Each answered call retries on timeout, books the outcome in the
// routing table, and checks what comes back the way nim-codex-dht's nodes_verification does.
import { randomBytes } from 'node:crypto';
import { SprError, type SignedPeerRecord } from '../spr/record';
import type { Awaiting } from './awaiting';
import { encodeMessage, type Message } from './messages';
import { logDistance, type NodeId } from './node-id';
import { nodeFromRecord, plausibleAddress, type DhtNode } from './node';
import type { RoutingTable } from './routing-table';
import type { SprCache } from './spr-cache';
import type { Peer, Transport } from './transport';

/** Most SPRs taken from a nodes answer, and from a findNodeFast answer (Codex's limits). */
export const FIND_NODE_LIMIT = 16;
export const FIND_NODE_FAST_LIMIT = 6;
/** Most provider SPRs read from one providers answer. */
export const PROVIDERS_LIMIT = 64;

export interface RpcOptions {
  responseTimeoutMs: number;
  retries: number;
}

export class Rpc {
  constructor(
    private readonly transport: Pick<Transport, 'sendRequest'>,
    private readonly awaiting: Awaiting,
    private readonly table: RoutingTable,
    private readonly sprs: SprCache,
    private readonly opts: RpcOptions,
  ) {}

  private peer(node: DhtNode): Peer | undefined {
    return node.endpoint === undefined
      ? undefined
      : { id: node.id, endpoint: node.endpoint, publicKey: node.record.publicKey };
  }

  /** Sends `message` and waits for its answer, retrying on silence; undefined when none came. */
  private async call(node: DhtNode, message: Message): Promise<Message[] | undefined> {
    const peer = this.peer(node);
    if (peer === undefined) return undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      const reqId = randomBytes(8);
      const answer = this.awaiting.wait(node.id, reqId, this.opts.responseTimeoutMs);
      if (answer === undefined) return undefined; // too many in flight, or stopping: not the node's fault
      this.transport.sendRequest(peer, encodeMessage(reqId, message));
      const got = await answer;
      if (got.length > 0) return got;
    }
    this.table.failed(node.id);
    return undefined;
  }

  /** Books the answer's kind; undefined (and the node marked as answering wrongly) on a mismatch. */
  private expect<K extends Message['kind']>(
    node: DhtNode,
    got: Message[] | undefined,
    kind: K,
  ): Extract<Message, { kind: K }>[] | undefined {
    if (got === undefined) return undefined;
    if (got.some((m) => m.kind !== kind)) {
      this.table.failed(node.id, true);
      return undefined;
    }
    this.table.answered(node.id);
    return got as Extract<Message, { kind: K }>[];
  }

  async ping(node: DhtNode, sprSeq: bigint): Promise<Extract<Message, { kind: 'pong' }> | undefined> {
    return this.expect(node, await this.call(node, { kind: 'ping', sprSeq }), 'pong')?.[0];
  }

  async findNode(node: DhtNode, distances: number[]): Promise<DhtNode[] | undefined> {
    const got = this.expect(node, await this.call(node, { kind: 'findNode', distances }), 'nodes');
    return (
      got &&
      this.verifyNodes(
        got.flatMap((m) => m.sprs),
        node,
        FIND_NODE_LIMIT,
        distances,
      )
    );
  }

  async findNodeFast(node: DhtNode, target: NodeId): Promise<DhtNode[] | undefined> {
    const got = this.expect(node, await this.call(node, { kind: 'findNodeFast', target }), 'nodes');
    return (
      got &&
      this.verifyNodes(
        got.flatMap((m) => m.sprs),
        node,
        FIND_NODE_FAST_LIMIT,
      )
    );
  }

  async getProviders(node: DhtNode, key: NodeId): Promise<SignedPeerRecord[] | undefined> {
    const got = this.expect(node, await this.call(node, { kind: 'getProviders', key }), 'providers');
    return got && this.records(got.flatMap((m) => m.sprs).slice(0, PROVIDERS_LIMIT));
  }

  /** Fire and forget, as Codex does: addProvider has no answer. */
  addProvider(node: DhtNode, key: NodeId, provider: Uint8Array): void {
    const peer = this.peer(node);
    if (peer !== undefined)
      this.transport.sendRequest(peer, encodeMessage(randomBytes(8), { kind: 'addProvider', key, provider }));
  }

  /** Verified records; the ones that fail verification are skipped, not fatal. */
  private records(raw: Uint8Array[]): SignedPeerRecord[] {
    const out: SignedPeerRecord[] = [];
    for (const bytes of raw) {
      try {
        out.push(this.sprs.decode(bytes));
      } catch (e) {
        if (!(e instanceof SprError)) throw e; // a forged or broken record is the peer's problem, not ours
      }
    }
    return out;
  }

  /** Nodes from an answer: verified, unique, addressable, plausibly addressed, at a distance asked for. */
  private verifyNodes(raw: Uint8Array[], from: DhtNode, limit: number, distances?: number[]): DhtNode[] {
    const seen = new Set<string>();
    const out: DhtNode[] = [];
    for (const record of this.records(raw.slice(0, limit))) {
      const n = nodeFromRecord(record);
      if (seen.has(n.key) || n.endpoint === undefined) continue;
      if (from.endpoint === undefined || !plausibleAddress(from.endpoint.ip, n.endpoint.ip)) continue;
      if (distances !== undefined && !distances.includes(logDistance(n.id, from.id))) continue;
      seen.add(n.key);
      out.push(n);
    }
    return out;
  }
}
