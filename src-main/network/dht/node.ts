// A DHT node as we know it: its verified SPR, the UDP endpoint that record names, and how it has
// answered us lately. Like nim-codex-dht, only the first /ip4/…/udp/… address counts.
import type { SignedPeerRecord } from '../spr/record';
import { idHex, nodeIdFromPeerId, type NodeId } from './node-id';
import type { Endpoint } from './sessions';

export interface DhtNode {
  readonly id: NodeId;
  readonly key: string; // hex of id
  record: SignedPeerRecord;
  endpoint: Endpoint | undefined;
  /** Requests it answered since it entered the table. */
  answered: number;
  /** Requests in a row it left unanswered (or answered wrongly). */
  failures: number;
}

/** The first IPv4 UDP endpoint an SPR names, if any. */
export function udpEndpoint(record: SignedPeerRecord): Endpoint | undefined {
  for (const ma of record.addrs) {
    const [ip, udp] = ma.getComponents();
    if (ip?.name === 'ip4' && udp?.name === 'udp' && ip.value !== undefined && udp.value !== undefined) {
      const port = Number(udp.value);
      if (Number.isInteger(port) && port > 0 && port < 65536) return { ip: ip.value, port };
    }
  }
  return undefined;
}

/** A fresh node from a verified record. */
export function nodeFromRecord(record: SignedPeerRecord): DhtNode {
  const id = nodeIdFromPeerId(record.peerId);
  return { id, key: idHex(id), record, endpoint: udpEndpoint(record), answered: 0, failures: 0 };
}

/** Whether a node has answered us and not failed since: the nodes we vouch for to others. */
export const isVerified = (n: DhtNode): boolean => n.answered > 0 && n.failures === 0;

export const sameEndpoint = (a: Endpoint | undefined, b: Endpoint | undefined): boolean =>
  a !== undefined && b !== undefined && a.ip === b.ip && a.port === b.port;

function octets(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

const isLoopback = (o: number[]) => o[0] === 127;
const isPrivate = (o: number[]) =>
  o[0] === 10 || (o[0] === 172 && (o[1] ?? 0) >= 16 && (o[1] ?? 0) < 32) || (o[0] === 192 && o[1] === 168);

/**
 * Whether `address`, learnt from a peer at `sender`, is worth contacting (nim's validIp):
 * never unspecified or multicast; loopback and private addresses only from a sender in the same
 * kind of network, so a public peer cannot point us at our own LAN.
 */
export function plausibleAddress(sender: string, address: string): boolean {
  const a = octets(address);
  const s = octets(sender);
  if (a === undefined || s === undefined) return false;
  if (a.every((x) => x === 0) || ((a[0] ?? 0) >= 224 && (a[0] ?? 0) < 240)) return false;
  if (isLoopback(a) && !isLoopback(s)) return false;
  if (isPrivate(a) && !isPrivate(s)) return false;
  return true;
}
