// What we know of each peer's conduct, shared by every download and by serving. A peer that sends
// a block failing its checks, or a message we cannot read, is banned for a while and disconnected;
// one that sends blocks nobody asked it for is banned once it does so repeatedly. Slowness is not
// misconduct: a download evicts a silent peer from itself without banning it.

/** Kinds of misconduct, each with how much it weighs. */
export const MISCONDUCT = {
  /** Wrong CID, wrong proof, missing data field, wrong size: the peer lies or is broken. */
  invalidBlock: 10,
  /** A frame that is oversized or not a block-exchange message. */
  badMessage: 10,
  /** A block no download asked this peer for. */
  unrequested: 1,
} as const;

/** A kind of misconduct. */
export type Misconduct = keyof typeof MISCONDUCT;

/** Score at which a peer is banned. */
const BAN_SCORE = 10;

interface Record {
  score: number;
  bannedUntil: number;
  lastReason: string;
}

/** Peer conduct, keyed by peer id text. */
export class PeerBook {
  private readonly peers = new Map<string, Record>();

  constructor(
    private readonly banMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records misconduct; returns true when it bans the peer now. */
  penalise(peer: string, kind: Misconduct, reason: string): boolean {
    const r = this.peers.get(peer) ?? { score: 0, bannedUntil: 0, lastReason: '' };
    r.score += MISCONDUCT[kind];
    r.lastReason = reason;
    this.peers.set(peer, r);
    if (r.score < BAN_SCORE) return false;
    r.score = 0;
    r.bannedUntil = this.now() + this.banMs;
    return true;
  }

  /** Whether the peer is banned now. */
  banned(peer: string): boolean {
    return (this.peers.get(peer)?.bannedUntil ?? 0) > this.now();
  }

  /** Why the peer was last penalised, for error messages. */
  reason(peer: string): string | undefined {
    return this.peers.get(peer)?.lastReason;
  }
}
