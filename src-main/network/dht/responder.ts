// Answers what other nodes ask us, as a full member of Codex's DHT: pong, nodes (for findNode and
// findNodeFast, at most 3 SPRs a message), an empty talkResp, and providers from our bounded
// store; addProvider is stored without an answer. Answers to our own requests go to `Awaiting`.
import type { SignedPeerRecord } from '../spr/record';
import { SprError } from '../spr/record';
import type { Awaiting } from './awaiting';
import type { DhtLog } from './log';
import { encodeMessage, type Message } from './messages';
import type { NodeId } from './node-id';
import { MAX_PACKET_SIZE } from './packet';
import type { ProviderStore } from './provider-store';
import { FIND_NODE_FAST_LIMIT, FIND_NODE_LIMIT } from './rpc';
import type { RoutingTable } from './routing-table';
import type { Endpoint } from './sessions';
import type { SprCache } from './spr-cache';
import type { Transport } from './transport';

const NODES_PER_MESSAGE = 3;
/** iv + static header + 32-byte authdata + GCM tag around a message packet's plaintext. */
const MESSAGE_OVERHEAD = 16 + 23 + 32 + 16;

export class Responder {
  constructor(
    private readonly transport: Pick<Transport, 'sendResponse' | 'mayVerify' | 'drop'>,
    private readonly table: RoutingTable,
    private readonly providers: ProviderStore,
    private readonly awaiting: Awaiting,
    private readonly sprs: SprCache,
    private readonly record: () => SignedPeerRecord,
    private readonly log: DhtLog,
  ) {}

  handle(srcId: NodeId, from: Endpoint, reqId: Uint8Array, m: Message): void {
    const reply = (answer: Message) => this.transport.sendResponse(srcId, from, encodeMessage(reqId, answer));
    switch (m.kind) {
      case 'ping':
        return reply({ kind: 'pong', sprSeq: this.record().seq, ip: ipBytes(from.ip), port: from.port });
      case 'findNode':
        return this.sendNodes(reply, this.findNode(m.distances));
      case 'findNodeFast':
        return this.sendNodes(
          reply,
          this.table.neighbours(m.target, FIND_NODE_FAST_LIMIT, true).map((n) => n.record.bytes),
        );
      case 'talkReq':
        return reply({ kind: 'talkResp', response: new Uint8Array(0) }); // no talk protocols: empty, per spec
      case 'addProvider':
        return this.addProvider(m.key, m.provider, from);
      case 'getProviders':
        return reply({ kind: 'providers', total: 1, sprs: fitting(reqId, this.providers.get(m.key)) });
      case 'ignored':
        return;
      default:
        if (!this.awaiting.deliver(srcId, reqId, m))
          this.log.debug('DHT answer nobody waits for', { kind: m.kind, from: `${from.ip}:${from.port}` });
    }
  }

  private findNode(distances: number[]): Uint8Array[] {
    if (distances.includes(0)) return [this.record().bytes]; // "your own record"
    if (distances.some((d) => d > 256)) return []; // nim answers an invalid distance politely with nothing
    return this.table.atDistances(distances, FIND_NODE_LIMIT).map((n) => n.record.bytes);
  }

  private sendNodes(reply: (m: Message) => void, sprs: Uint8Array[]): void {
    if (sprs.length === 0) return reply({ kind: 'nodes', total: 1, sprs: [] });
    const total = Math.ceil(sprs.length / NODES_PER_MESSAGE);
    for (let i = 0; i < sprs.length; i += NODES_PER_MESSAGE)
      reply({ kind: 'nodes', total, sprs: sprs.slice(i, i + NODES_PER_MESSAGE) });
  }

  private addProvider(key: NodeId, provider: Uint8Array, from: Endpoint): void {
    if (!this.transport.mayVerify(from))
      return this.transport.drop('over-budget', `provider record from ${from.ip}:${from.port}`);
    try {
      this.providers.add(key, this.sprs.decode(provider));
    } catch (e) {
      if (!(e instanceof SprError)) throw e;
      this.transport.drop(`bad-provider-${e.reason}`, `${from.ip}:${from.port}: ${e.message}`);
    }
  }
}

/** As many provider records as fit in one packet (nim sends them all in one). */
function fitting(reqId: Uint8Array, records: SignedPeerRecord[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const r of records) {
    const next = [...out, r.bytes];
    if (encodeMessage(reqId, { kind: 'providers', total: 1, sprs: next }).length + MESSAGE_OVERHEAD > MAX_PACKET_SIZE)
      break;
    out.push(r.bytes);
  }
  return out;
}

function ipBytes(ip: string): Uint8Array {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 ? Uint8Array.from(parts) : new Uint8Array(16);
}
