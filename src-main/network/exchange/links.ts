// The stream layer of the block exchange (nim's network.nim/networkpeer.nim): we send on one
// outbound stream per peer, dialled lazily and again when it closes, and read every stream — the
// peer's answers arrive on the stream it opened. A frame that cannot be read closes that stream, as
// nim does, and is reported so the peer can be scored; it never reaches the caller as an exception.
import type { Libp2p, PeerId, Stream, StreamMessageEvent } from '@libp2p/interface';
import type { Logger } from '../../engine/index';
import { decodeMessage, encodeMessageChunks } from '../blockexc/codec';
import { FrameDecoder, frameChunks } from '../blockexc/framing';
import { BLOCKEXC_PROTOCOL, type Message } from '../blockexc/message';
import { messageOf, NetworkError } from '../errors';
import { bounded } from '../wire/bounded';

/** What the stream layer tells the exchange. */
export interface LinkEvents {
  /** A whole, well-formed message from `peer`. */
  message(peer: PeerId, message: Required<Message>): void;
  /** `peer` sent a frame that is oversized or malformed; its stream was closed. */
  badInput(peer: PeerId, error: NetworkError): void;
}

/** Limits of the stream layer. */
export interface LinkLimits {
  /** Longest frame read or written (nim: 100 MiB). */
  readonly maxMessageBytes: number;
  /** Bytes a stream may hold unread before js-libp2p resets it (its default 4 MiB is too low for mplex). */
  readonly readBufferBytes: number;
  /** How long an open stream may stay quiet. */
  readonly streamIdleMs: number;
  /** How long dialling a peer's stream may take. */
  readonly dialTimeoutMs: number;
}

/** Streams open on the protocol at once per connection: nim's limit. */
const MAX_STREAMS = 100;

/** Per-peer block-exchange streams. */
export class PeerLinks {
  private readonly outbound = new Map<string, Promise<Stream>>();
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly libp2p: Libp2p,
    private readonly events: LinkEvents,
    private readonly limits: LinkLimits,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.libp2p.handle(BLOCKEXC_PROTOCOL, (stream, connection) => this.attach(stream, connection.remotePeer), {
      maxInboundStreams: MAX_STREAMS,
      maxOutboundStreams: MAX_STREAMS,
    });
  }

  async stop(): Promise<void> {
    await this.libp2p.unhandle(BLOCKEXC_PROTOCOL);
    for (const s of this.streams) s.abort(new Error('block exchange stopped'));
    this.streams.clear();
    this.outbound.clear();
  }

  private attach(stream: Stream, peer: PeerId): void {
    stream.maxReadBufferLength = this.limits.readBufferBytes;
    stream.inactivityTimeout = this.limits.streamIdleMs;
    this.streams.add(stream);
    const decoder = new FrameDecoder(this.limits.maxMessageBytes);
    // Each message is handled before the next frame is assembled: frames live in a reused buffer.
    const onMessage = (event: StreamMessageEvent) => {
      try {
        decoder.each(event.data, (frame) => {
          const m = decodeMessage(frame);
          this.safely(() => this.events.message(peer, m));
        });
      } catch (error) {
        const bad = error instanceof NetworkError ? error : new NetworkError('invalid-message', messageOf(error));
        stream.abort(bad);
        this.safely(() => this.events.badInput(peer, bad));
      }
    };
    stream.addEventListener('message', onMessage);
    stream.addEventListener('close', () => {
      stream.removeEventListener('message', onMessage);
      this.streams.delete(stream);
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log.error('block exchange handler failed', { error: messageOf(error) });
    }
  }

  private stream(peer: PeerId): Promise<Stream> {
    const key = peer.toString();
    const cached = this.outbound.get(key);
    if (cached) return cached;
    const opened = bounded(this.limits.dialTimeoutMs, undefined, (signal) =>
      this.libp2p.dialProtocol(peer, BLOCKEXC_PROTOCOL, { signal }),
    ).then((stream) => {
      this.attach(stream, peer);
      stream.addEventListener('close', () => {
        if (this.outbound.get(key) === opened) this.outbound.delete(key);
      });
      return stream;
    });
    opened.catch(() => {
      if (this.outbound.get(key) === opened) this.outbound.delete(key);
    });
    this.outbound.set(key, opened);
    return opened;
  }

  /**
   * Sends one message on our stream to `peer`, waiting while the socket drains, so a caller never
   * has more than one message queued per call. Throws when the peer cannot be reached.
   */
  async send(peer: PeerId, message: Message, signal?: AbortSignal): Promise<void> {
    const { chunks, length } = encodeMessageChunks(message);
    if (length > this.limits.maxMessageBytes)
      throw new NetworkError('message-too-large', `message of ${length} bytes exceeds ${this.limits.maxMessageBytes}`);
    const frame = frameChunks(chunks, length);
    for (let attempt = 0; ; attempt++) {
      const stream = await this.stream(peer);
      let queued: boolean;
      try {
        queued = stream.send(frame);
      } catch (error) {
        // The stream closed under us before taking the frame: dial a fresh one, once.
        this.outbound.delete(peer.toString());
        if (attempt >= 1) throw error;
        continue;
      }
      if (!queued) await stream.onDrain(signal ? { signal } : {});
      return;
    }
  }
}
