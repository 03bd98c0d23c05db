// Block-exchange Message bytes. Encoding writes every field nim's coder writes, zeros and the empty
// account/payment sub-messages included, so a Codex node reads exactly the bytes it would have
// produced. Decoding refuses what nim cannot take (non-Codex CIDs, unknown enum values, negative or
// oversized priorities) as a malformed message, and bounds every list.
import { NetworkError } from '../errors';
import { parseCid } from '../ids/cid';
import { ProtoReader, ProtoWriter } from '../wire/protobuf';
import type { BlockAddress, BlockDelivery, BlockPresence, Message, WantEntry, Wantlist } from './message';

/** Most want-list entries or presences one message may carry; nim sends batches of 1,024. */
const MAX_DECODED_ENTRIES = 16_384;
/** Most deliveries one message may carry: 100 MiB of 64 KiB blocks. */
const MAX_DECODED_DELIVERIES = 1_600;
const INT32_MAX = 2 ** 31 - 1;
/** What Codex sends as a price: UInt256 zero. */
export const ZERO_PRICE = new Uint8Array(32);

function invalid(detail: string): never {
  throw new NetworkError('invalid-message', detail);
}

function checkedCid(bytes: Uint8Array, what: string): Uint8Array {
  try {
    parseCid(bytes);
  } catch (error) {
    invalid(`${what}: ${(error as Error).message}`);
  }
  return bytes;
}

// (new Uint8Array(view) copies; Buffer's slice() would not.)
// Want-list addresses outlive the message (a server keeps them wanted), so their CIDs are copied out
// of the frame; everything in deliveries and presences stays a view, used while the message is
// handled and copied by whoever keeps it.
const kept = (bytes: Uint8Array, what: string, copy: boolean) =>
  copy ? new Uint8Array(checkedCid(bytes, what)) : checkedCid(bytes, what);

function writeAddress(a: BlockAddress): ProtoWriter {
  const w = new ProtoWriter().bool(1, a.leaf);
  if (a.leaf) {
    if (!Number.isSafeInteger(a.index) || a.index < 0) invalid(`leaf index ${a.index} is not a whole number`);
    return w.bytes(2, checkedCid(a.treeCid, 'treeCid')).uint(3, a.index);
  }
  return w.bytes(4, checkedCid(a.cid, 'cid'));
}

function writeEntry(e: WantEntry): ProtoWriter {
  if (!Number.isInteger(e.priority) || e.priority < 0 || e.priority > INT32_MAX)
    invalid(`priority ${e.priority} is not a non-negative int32`);
  return new ProtoWriter()
    .message(1, writeAddress(e.address))
    .uint(2, e.priority)
    .bool(3, e.cancel)
    .uint(4, e.wantType === 'block' ? 0 : 1)
    .bool(5, e.sendDontHave);
}

/** The message's bytes as chunks (block data referenced, not copied). Throws NetworkError on an invalid field. */
export function encodeMessageChunks(m: Message): { chunks: Uint8Array[]; length: number } {
  const wantlist = new ProtoWriter();
  for (const e of m.wantlist?.entries ?? []) wantlist.message(1, writeEntry(e));
  wantlist.bool(2, m.wantlist?.full ?? false);
  const w = new ProtoWriter().message(1, wantlist);
  for (const d of m.payload ?? []) {
    if (d.data === undefined) invalid('a delivery must carry its data field, even when empty');
    const dw = new ProtoWriter()
      .bytes(1, checkedCid(d.cid, 'delivery cid'))
      .bytes(2, d.data)
      .message(3, writeAddress(d.address));
    if (d.address.leaf && d.proof) dw.bytes(4, d.proof);
    w.message(3, dw);
  }
  for (const p of m.presences ?? [])
    w.message(
      4,
      new ProtoWriter()
        .message(1, writeAddress(p.address))
        .uint(2, p.type === 'have' ? 0 : 1)
        .bytes(3, p.price),
    );
  const empty = () => new ProtoWriter().bytes(1, new Uint8Array(0));
  w.uint(5, 0).message(6, empty()).message(7, empty());
  return { chunks: w.chunks(), length: w.length };
}

/** The message's bytes in one array. */
export function encodeMessage(m: Message): Uint8Array {
  const { chunks, length } = encodeMessageChunks(m);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function readAddress(bytes: Uint8Array, copy = false): BlockAddress {
  const r = new ProtoReader(bytes, 'BlockAddress');
  let leaf = false;
  let treeCid: Uint8Array | undefined;
  let index = 0;
  let cid: Uint8Array | undefined;
  r.each((field, wire) => {
    if (field === 1) leaf = r.bool(wire, 'leaf');
    else if (field === 2) treeCid = r.bytes(wire, 'treeCid');
    else if (field === 3) index = r.uint(wire, 'index');
    else if (field === 4) cid = r.bytes(wire, 'cid');
  });
  if (leaf) return { leaf, treeCid: kept(treeCid ?? invalid('leaf address has no treeCid'), 'treeCid', copy), index };
  return { leaf, cid: kept(cid ?? invalid('address has no cid'), 'cid', copy) };
}

function readEntry(bytes: Uint8Array): WantEntry {
  const r = new ProtoReader(bytes, 'WantlistEntry');
  let address: BlockAddress | undefined;
  let priority = 0;
  let cancel = false;
  let wantType = 0;
  let sendDontHave = false;
  r.each((field, wire) => {
    if (field === 1) address = readAddress(r.bytes(wire, 'address'), true);
    else if (field === 2) priority = r.uint(wire, 'priority');
    else if (field === 3) cancel = r.bool(wire, 'cancel');
    else if (field === 4) wantType = r.uint(wire, 'wantType');
    else if (field === 5) sendDontHave = r.bool(wire, 'sendDontHave');
  });
  if (priority > INT32_MAX) invalid(`priority ${priority} does not fit an int32`);
  if (wantType > 1) invalid(`wantType ${wantType} is neither WantBlock (0) nor WantHave (1)`);
  return {
    address: address ?? invalid('want-list entry has no address'),
    priority,
    cancel,
    wantType: wantType === 0 ? 'block' : 'have',
    sendDontHave,
  };
}

function readWantlist(bytes: Uint8Array): Wantlist {
  const r = new ProtoReader(bytes, 'Wantlist');
  const entries: WantEntry[] = [];
  let full = false;
  r.each((field, wire) => {
    if (field === 1) {
      if (entries.length >= MAX_DECODED_ENTRIES) invalid(`want list has more than ${MAX_DECODED_ENTRIES} entries`);
      entries.push(readEntry(r.bytes(wire, 'entry')));
    } else if (field === 2) full = r.bool(wire, 'full');
  });
  return { entries, full };
}

function readDelivery(bytes: Uint8Array): BlockDelivery {
  const r = new ProtoReader(bytes, 'BlockDelivery');
  let cid: Uint8Array | undefined;
  let data: Uint8Array | undefined;
  let address: BlockAddress | undefined;
  let proof: Uint8Array | undefined;
  r.each((field, wire) => {
    if (field === 1) cid = r.bytes(wire, 'cid');
    else if (field === 2) data = r.bytes(wire, 'data');
    else if (field === 3) address = readAddress(r.bytes(wire, 'address'));
    else if (field === 4) proof = r.bytes(wire, 'proof');
  });
  return {
    cid: checkedCid(cid ?? invalid('delivery has no cid'), 'delivery cid'),
    data,
    address: address ?? invalid('delivery has no address'),
    proof,
  };
}

function readPresence(bytes: Uint8Array): BlockPresence {
  const r = new ProtoReader(bytes, 'BlockPresence');
  let address: BlockAddress | undefined;
  let type = 0;
  let price: Uint8Array = new Uint8Array(0);
  r.each((field, wire) => {
    if (field === 1) address = readAddress(r.bytes(wire, 'address'));
    else if (field === 2) type = r.uint(wire, 'type');
    else if (field === 3) price = r.bytes(wire, 'price');
  });
  if (type > 1) invalid(`presence type ${type} is neither Have (0) nor DontHave (1)`);
  return { address: address ?? invalid('presence has no address'), type: type === 0 ? 'have' : 'dontHave', price };
}

/**
 * Decodes one message. Deliveries and presences are views into `bytes`, valid as long as it is;
 * want-list entries are copies. Throws NetworkError('invalid-message') on anything malformed; never anything else.
 */
export function decodeMessage(bytes: Uint8Array): Required<Message> {
  let wantlist: Wantlist = { entries: [], full: false };
  const payload: BlockDelivery[] = [];
  const presences: BlockPresence[] = [];
  try {
    const r = new ProtoReader(bytes, 'Message');
    r.each((field, wire) => {
      if (field === 1) wantlist = readWantlist(r.bytes(wire, 'wantlist'));
      else if (field === 3) {
        if (payload.length >= MAX_DECODED_DELIVERIES) invalid(`message has more than ${MAX_DECODED_DELIVERIES} blocks`);
        payload.push(readDelivery(r.bytes(wire, 'payload')));
      } else if (field === 4) {
        if (presences.length >= MAX_DECODED_ENTRIES) invalid(`message has more than ${MAX_DECODED_ENTRIES} presences`);
        presences.push(readPresence(r.bytes(wire, 'blockPresences')));
      }
    });
  } catch (error) {
    if (error instanceof NetworkError) throw new NetworkError('invalid-message', error.message);
    throw new NetworkError('invalid-message', `message could not be read: ${(error as Error).message}`);
  }
  return { wantlist, payload, presences };
}
