// The block-exchange message as Codex's running coder writes it (codex/blockexchange/protobuf/
// message.nim) — not its stale message.proto: every block reference is a BlockAddress, and a leaf
// delivery carries a CodexProof. Field numbers are in codec.ts.

/** The libp2p protocol id. */
export const BLOCKEXC_PROTOCOL = '/codex/blockexc/1.0.0';
/** nim's MaxMessageSize: a frame longer than this closes the stream. */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
/** Deliveries per message a Codex node sends (DefaultMaxBlocksPerMessage). */
export const MAX_BLOCKS_PER_MESSAGE = 20;
/** Entries per want list or presence batch (MaxWantListBatchSize). */
export const MAX_LIST_ENTRIES = 1024;

/** A block by position in a dataset tree (leaf) or by its own CID (manifests). */
export type BlockAddress =
  | { readonly leaf: true; readonly treeCid: Uint8Array; readonly index: number }
  | { readonly leaf: false; readonly cid: Uint8Array };

/** WantBlock (wire 0): send it; WantHave (wire 1): say whether you have it. */
export type WantType = 'block' | 'have';

/** One entry of a want list. */
export interface WantEntry {
  readonly address: BlockAddress;
  /** Always 0 from Codex; never negative (nim range-checks it into an int32). */
  readonly priority: number;
  readonly cancel: boolean;
  readonly wantType: WantType;
  readonly sendDontHave: boolean;
}

/** A want list; `full` is ignored on receipt by Codex. */
export interface Wantlist {
  readonly entries: readonly WantEntry[];
  readonly full: boolean;
}

/** A block sent to a peer. */
export interface BlockDelivery {
  readonly cid: Uint8Array;
  /** Undefined when field 2 is absent, which is an error (nim crashes on it); 0 bytes for an empty block. */
  readonly data: Uint8Array | undefined;
  readonly address: BlockAddress;
  /** Encoded CodexProof; present on leaf deliveries. */
  readonly proof: Uint8Array | undefined;
}

/** Have (wire 0) or DontHave (wire 1). */
export type PresenceType = 'have' | 'dontHave';

/** An answer to WantHave. */
export interface BlockPresence {
  readonly address: BlockAddress;
  readonly type: PresenceType;
  /** Big-endian UInt256; Codex sends 32 zero bytes (pricing is never set). */
  readonly price: Uint8Array;
}

/** One block-exchange message. Account and payment are unused by Codex today and never sent with content. */
export interface Message {
  readonly wantlist?: Wantlist;
  readonly payload?: readonly BlockDelivery[];
  readonly presences?: readonly BlockPresence[];
}

// A download's addresses share one treeCid: its hex is remembered rather than redone per block.
let lastTree: Uint8Array = new Uint8Array(0);
let lastTreeHex = '';

function treeHex(treeCid: Uint8Array): string {
  if (treeCid.length === lastTree.length && treeCid.every((b, i) => b === lastTree[i])) return lastTreeHex;
  lastTree = new Uint8Array(treeCid);
  lastTreeHex = Buffer.from(treeCid.buffer, treeCid.byteOffset, treeCid.length).toString('hex');
  return lastTreeHex;
}

/** A stable string for an address, for maps and sets. */
export function addressKey(a: BlockAddress): string {
  return a.leaf ? `${treeHex(a.treeCid)}/${a.index}` : Buffer.from(a.cid).toString('hex');
}
