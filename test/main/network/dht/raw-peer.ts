// A hand-driven DHT peer for tests: our codec on a bare UDP socket, with every packet it sends kept
// for replay, and hooks to answer (or mis-answer) what it is asked. It can claim any node id.
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { multiaddr } from '@multiformats/multiaddr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Codec } from '../../../../src-main/network/dht/codec';
import { encodeMessage, type Message } from '../../../../src-main/network/dht/messages';
import { nodeIdFromPeerId, type NodeId } from '../../../../src-main/network/dht/node-id';
import type { Endpoint } from '../../../../src-main/network/dht/sessions';
import { compressedPublicKey, peerIdBytes } from '../../../../src-main/network/spr/keys';
import { encodeSpr, parseSpr, type SignedPeerRecord } from '../../../../src-main/network/spr/record';
import type { CodexDht } from '../../../../src-main/network/dht/index';

export interface Target {
  id: NodeId;
  endpoint: Endpoint;
  publicKey: Uint8Array;
}

export const targetOf = (dht: CodexDht): Target => ({
  id: dht.nodeId,
  endpoint: { ip: '127.0.0.1', port: dht.endpoint.port },
  publicKey: parseSpr(dht.spr).publicKey,
});

export class RawPeer {
  readonly sent: Uint8Array[] = [];
  readonly received: Message[] = [];
  /** Answers to requests made of us; default: stay silent. */
  onRequest: (m: Message) => Message[] = () => [];
  codec!: Codec;
  record!: SignedPeerRecord;
  private readonly pendingHandshake = new Map<string, { to: Target; plaintext: Uint8Array }>();
  private readonly waiters = new Map<string, (m: Message) => void>();

  private constructor(
    private readonly socket: Socket,
    readonly key: Uint8Array,
    readonly nodeId: NodeId,
  ) {}

  /** `claimId` makes it present someone else's node id (a forger); `seq` sets its record's seq. */
  static async open(opts: { claimId?: NodeId; seq?: bigint } = {}): Promise<RawPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    const key = secp256k1.utils.randomSecretKey();
    const nodeId = opts.claimId ?? nodeIdFromPeerId(peerIdBytes(compressedPublicKey(key)));
    const peer = new RawPeer(socket, key, nodeId);
    peer.record = encodeSpr(key, opts.seq ?? 1n, [multiaddr(`/ip4/127.0.0.1/udp/${socket.address().port}`)]);
    peer.codec = new Codec(
      { privateKey: key, nodeId, record: () => peer.record },
      { sessions: 64, challenges: 64, handshakeTimeoutMs: 5000 },
      Date.now,
    );
    socket.on('message', (buf, r) => peer.receive(new Uint8Array(buf), { ip: r.address, port: r.port }));
    return peer;
  }

  get endpoint(): Endpoint {
    return { ip: '127.0.0.1', port: this.socket.address().port };
  }

  sendRaw(bytes: Uint8Array, to: Endpoint): void {
    this.sent.push(bytes);
    this.socket.send(bytes, to.port, to.ip);
  }

  /** Sends a request (handshaking first if needed) and waits for the first answer. */
  request(to: Target, message: Message, timeoutMs = 3000): Promise<Message | undefined> {
    const reqId = randomBytes(8);
    const plaintext = encodeMessage(reqId, message);
    const { packet, nonce } = this.codec.encodeMessage(to.id, to.endpoint, plaintext);
    this.pendingHandshake.set(Buffer.from(nonce).toString('hex'), { to, plaintext });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(Buffer.from(reqId).toString('hex'));
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(Buffer.from(reqId).toString('hex'), (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.sendRaw(packet, to.endpoint);
    });
  }

  /** Sends an ordinary message over an existing session, no answer awaited. */
  tell(to: Target, plaintext: Uint8Array): Uint8Array {
    const { packet } = this.codec.encodeMessage(to.id, to.endpoint, plaintext);
    this.sendRaw(packet, to.endpoint);
    return packet;
  }

  private receive(bytes: Uint8Array, from: Endpoint): void {
    let inbound;
    try {
      inbound = this.codec.decode(from, bytes);
    } catch {
      return; // tests look at what the node under test did, not at our own parsing
    }
    if (inbound.type === 'whoareyou') {
      const p = this.pendingHandshake.get(Buffer.from(inbound.packet.nonce).toString('hex'));
      if (p === undefined) return;
      this.sendRaw(this.codec.encodeHandshake(p.to.id, from, p.plaintext, inbound.packet, p.to.publicKey), from);
      return;
    }
    if (inbound.type === 'undecryptable') {
      this.sendRaw(this.codec.encodeWhoareyou(inbound.srcId, from, inbound.nonce, 0n), from);
      return;
    }
    this.received.push(inbound.message);
    const waiter = this.waiters.get(Buffer.from(inbound.reqId).toString('hex'));
    if (waiter !== undefined) return waiter(inbound.message);
    for (const answer of this.onRequest(inbound.message))
      this.sendRaw(this.codec.encodeMessage(inbound.srcId, from, encodeMessage(inbound.reqId, answer)).packet, from);
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}
