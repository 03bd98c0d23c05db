// Session keys and outstanding WHOAREYOU challenges, both keyed by (node id, ip:port) and both
// bounded. A session keeps two read keys, as nim-codex-dht does: handshakes can cross on UDP, so
// the peer may write with the key of either one. Each session also remembers the nonces it has
// accepted lately, so a replayed packet is dropped instead of being answered twice.
import { idHex } from './node-id';

/** A UDP endpoint. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

export const endpointKey = (id: Uint8Array, at: Endpoint): string => `${idHex(id)}@${at.ip}:${at.port}`;

interface Session {
  readOld: Uint8Array | undefined;
  read: Uint8Array;
  write: Uint8Array;
  seen: Set<string>; // recent nonces (hex), oldest first
}

/** Most recent nonces remembered per session for replay detection. */
const REMEMBERED_NONCES = 512;

/** An LRU map of sessions; the least recently used one goes when it is full. */
export class SessionCache {
  private readonly map = new Map<string, Session>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  private touch(key: string): Session | undefined {
    const s = this.map.get(key);
    if (s !== undefined) {
      this.map.delete(key);
      this.map.set(key, s);
    }
    return s;
  }

  /** Stores new keys; the previous read key stays as a fallback. */
  store(id: Uint8Array, at: Endpoint, read: Uint8Array, write: Uint8Array): void {
    const key = endpointKey(id, at);
    const old = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, { readOld: old?.read, read, write, seen: old?.seen ?? new Set() });
    while (this.map.size > this.capacity) {
      const first = this.map.keys().next();
      if (first.done === true) break;
      this.map.delete(first.value);
    }
  }

  /** The key we write with, or undefined without a session. */
  writeKey(id: Uint8Array, at: Endpoint): Uint8Array | undefined {
    return this.touch(endpointKey(id, at))?.write;
  }

  /** Read keys to try, newest first. */
  readKeys(id: Uint8Array, at: Endpoint): Uint8Array[] {
    const s = this.touch(endpointKey(id, at));
    if (s === undefined) return [];
    return s.readOld === undefined ? [s.read] : [s.read, s.readOld];
  }

  /** Makes `key` the preferred read key after it decrypted a packet (nim's swapr). */
  prefer(id: Uint8Array, at: Endpoint, key: Uint8Array): void {
    const s = this.map.get(endpointKey(id, at));
    if (s !== undefined && s.readOld === key) [s.read, s.readOld] = [key, s.read];
  }

  /** Records a nonce; false when this session has already accepted it (a replay). */
  acceptNonce(id: Uint8Array, at: Endpoint, nonce: Uint8Array): boolean {
    const s = this.map.get(endpointKey(id, at));
    if (s === undefined) return true;
    const hex = Buffer.from(nonce).toString('hex');
    if (s.seen.has(hex)) return false;
    s.seen.add(hex);
    if (s.seen.size > REMEMBERED_NONCES) s.seen.delete(s.seen.values().next().value as string);
    return true;
  }

  delete(id: Uint8Array, at: Endpoint): void {
    this.map.delete(endpointKey(id, at));
  }

  clear(): void {
    this.map.clear();
  }
}

/** What we sent in a WHOAREYOU and need to check the handshake that answers it. */
export interface Challenge {
  challengeData: Uint8Array;
  publicKey: Uint8Array | undefined; // the peer's key if we already know it
  expiresAt: number;
}

/** Challenges awaiting a handshake, each valid until it expires; bounded, oldest evicted. */
export class ChallengeStore {
  private readonly map = new Map<string, Challenge>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Whether an unexpired challenge is outstanding for this peer and endpoint. */
  has(id: Uint8Array, at: Endpoint): boolean {
    const c = this.map.get(endpointKey(id, at));
    return c !== undefined && c.expiresAt > this.now();
  }

  put(id: Uint8Array, at: Endpoint, challenge: Challenge): void {
    const key = endpointKey(id, at);
    this.map.delete(key);
    if (this.map.size >= this.capacity) this.sweep();
    while (this.map.size >= this.capacity) {
      const first = this.map.keys().next();
      if (first.done === true) break;
      this.map.delete(first.value);
    }
    this.map.set(key, challenge);
  }

  /** The unexpired challenge for this peer, left in place until `delete` (it answers one handshake). */
  get(id: Uint8Array, at: Endpoint): Challenge | undefined {
    const c = this.map.get(endpointKey(id, at));
    return c !== undefined && c.expiresAt > this.now() ? c : undefined;
  }

  delete(id: Uint8Array, at: Endpoint): void {
    this.map.delete(endpointKey(id, at));
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, c] of this.map) if (c.expiresAt <= t) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }
}
