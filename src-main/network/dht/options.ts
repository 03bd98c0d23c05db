// What CodexDht.start takes and gives, and the checks that turn options into a clear error
// before anything is bound.
import { isIPv4 } from 'node:net';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { rawPrivateKey, type PrivateKeyInput } from '../spr/keys';
import { SprError, parseSpr, type SignedPeerRecord } from '../spr/record';
import { quietLog, type DhtLog } from './log';
import { udpEndpoint } from './node';
import type { Endpoint } from './sessions';
import { defaultTuning, type DhtTuning } from './tuning';

/** A wrong option or bootstrap record; `message` names the culprit. */
export class DhtError extends Error {
  override readonly name = 'DhtError';
  constructor(
    readonly code: 'bad-option' | 'bad-bootstrap' | 'bind-failed' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

export interface CodexDhtOptions {
  /** secp256k1, the same key as the libp2p identity (raw 32 bytes or a libp2p key object). */
  privateKey: PrivateKeyInput;
  /** UDP bind address (IPv4), default 0.0.0.0. */
  bindHost?: string;
  /** UDP port (Codex's --disc-port, default 8090); 0 picks a free one. */
  port: number;
  /** The libp2p (TCP) addresses providers are dialled on: our provider record. */
  announceAddrs: readonly (Multiaddr | string)[];
  /** The IPv4 address other nodes reach our UDP port on (--nat extip); default: a concrete bindHost, else the first announce ip4. */
  announceIp?: string;
  /** Bootstrap records, `spr:` text as Codex's --bootstrap-node takes them. */
  bootstrap?: readonly string[];
  logger?: DhtLog;
  /** Stops the DHT when aborted. */
  signal?: AbortSignal;
  tuning?: Partial<DhtTuning>;
}

/** A provider of a CID: who, and where to dial it. */
export interface ProviderInfo {
  peerId: string;
  seq: bigint;
  addrs: Multiaddr[];
  spr: string;
}

/** A node in our routing table. */
export interface DhtPeer {
  peerId: string;
  nodeId: string;
  endpoint: Endpoint | undefined;
  seq: bigint;
  verified: boolean;
}

interface Resolved {
  t: DhtTuning;
  log: DhtLog;
  key: Uint8Array;
  bindHost: string;
  announceAddrs: Multiaddr[];
  announceIp: string;
  bootstrap: SignedPeerRecord[];
}

/** Checks every option; throws `DhtError` naming the first wrong one. */
export function resolveOptions(opts: CodexDhtOptions): Resolved {
  const t: DhtTuning = {
    ...defaultTuning,
    ...opts.tuning,
    rate: { ...defaultTuning.rate, ...opts.tuning?.rate },
    verifyRate: { ...defaultTuning.verifyRate, ...opts.tuning?.verifyRate },
  };
  let key: Uint8Array;
  try {
    key = rawPrivateKey(opts.privateKey);
  } catch (e) {
    throw new DhtError('bad-option', `DHT private key: ${(e as Error).message}`);
  }
  const bindHost = opts.bindHost ?? '0.0.0.0';
  if (!isIPv4(bindHost)) throw new DhtError('bad-option', `DHT bind address ${bindHost} is not an IPv4 address`);
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
    throw new DhtError('bad-option', `DHT port ${opts.port} is not a UDP port`);
  const announceAddrs = parseAddrs(opts.announceAddrs);
  const announceIp = opts.announceIp ?? (bindHost !== '0.0.0.0' ? bindHost : (firstIp4(announceAddrs) ?? '127.0.0.1'));
  if (!isIPv4(announceIp))
    throw new DhtError('bad-option', `DHT announce address ${announceIp} is not an IPv4 address`);
  const bootstrap = (opts.bootstrap ?? []).map((text, i) => parseBootstrap(text, i));
  return { t, log: opts.logger ?? quietLog, key, bindHost, announceAddrs, announceIp, bootstrap };
}

function parseAddrs(addrs: readonly (Multiaddr | string)[]): Multiaddr[] {
  return addrs.map((a) => {
    try {
      return typeof a === 'string' ? multiaddr(a) : a;
    } catch (e) {
      throw new DhtError('bad-option', `announce address ${String(a)}: ${(e as Error).message}`);
    }
  });
}

function parseBootstrap(text: string, i: number): SignedPeerRecord {
  try {
    const record = parseSpr(text);
    if (udpEndpoint(record) === undefined) throw new SprError('address', 'it names no /ip4/…/udp/… address');
    return record;
  } catch (e) {
    if (e instanceof SprError) throw new DhtError('bad-bootstrap', `bootstrap node #${i + 1}: ${e.message}`);
    throw e;
  }
}

function firstIp4(addrs: readonly Multiaddr[]): string | undefined {
  for (const a of addrs) {
    const [ip] = a.getComponents();
    if (ip?.name === 'ip4' && ip.value !== undefined && ip.value !== '0.0.0.0') return ip.value;
  }
  return undefined;
}
