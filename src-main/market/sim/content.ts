// What simulated clients store: Codex datasets (docs/proofs-codex.md). Each slot holds `dataBlocks`
// 64 KiB blocks of the dataset, then zero pad blocks up to slotSize (a power of two of blocks);
// the dataset's last block is its file's tail, zero-padded like Codex's chunker pads it. A slot's
// bytes are an AES-256-CTR keystream keyed by (chain seed, request nonce, slot index), and the
// shape follows from the nonce, so any block is reproducible at any time without being kept.
import { createCipheriv } from 'node:crypto';
import { concat, getBytes, keccak256, toBeHex } from 'ethers';
import type { StorageAsk } from '../../engine/index';
import { BLOCK_BYTES, blocksOfSlotSize } from '../../proofs/codex/index';

/** The AES key of one slot's content. */
export function contentKey(chainSeed: string, nonce: string, slotIndex: bigint): Uint8Array {
  return getBytes(keccak256(concat([chainSeed, nonce, toBeHex(slotIndex, 32)])));
}

/** `length` bytes of the slot's keystream from `offset`. */
export function contentBytes(key: Uint8Array, offset: bigint, length: number): Uint8Array {
  const block = offset / 16n;
  const skip = Number(offset % 16n);
  const iv = getBytes(toBeHex(block, 16));
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const out = cipher.update(new Uint8Array(length + skip));
  return new Uint8Array(out.buffer, out.byteOffset + skip, length);
}

/** How a request's dataset lies in its slots. */
export interface DatasetShape {
  readonly slots: number;
  /** Blocks per slot, pad blocks included (slotSize / 64 KiB). */
  readonly slotBlocks: number;
  /** Blocks of each slot that come from the dataset; the rest are pad blocks, never delivered. */
  readonly dataBlocks: number;
  /** Bytes of the dataset's last block (the last data block of the last slot) before its zero padding. */
  readonly lastBlockBytes: number;
}

/** What the shape of a request's content follows from. */
export type ContentRequest = { readonly nonce: string; readonly ask: Pick<StorageAsk, 'slots' | 'slotSize'> };

/**
 * The request's dataset shape: more than half of each slot is data (so slotSize is the padded size
 * Codex would ask for), the rest pad blocks; or why slotSize is not Codex's layout.
 */
export function datasetShape(
  request: ContentRequest,
): { ok: true; shape: DatasetShape } | { ok: false; message: string } {
  const layout = blocksOfSlotSize(request.ask.slotSize);
  if (!layout.ok) return layout;
  const slots = Number(request.ask.slots);
  if (!Number.isSafeInteger(slots) || slots < 1 || slots > 256)
    return { ok: false, message: `a dataset has 1 to 256 slots, got ${request.ask.slots}` };
  const draw = BigInt(keccak256(concat([request.nonce, toBeHex(0x5348415045n, 32)])));
  const half = Math.floor(layout.blocks / 2);
  const dataBlocks = layout.blocks === 1 ? 1 : half + 1 + Number(draw % BigInt(layout.blocks - half));
  const lastBlockBytes = 1 + Number((draw >> 64n) % BigInt(BLOCK_BYTES));
  return { ok: true, shape: { slots, slotBlocks: layout.blocks, dataBlocks, lastBlockBytes } };
}

/** Block `index` of slot `slotIndex` as the client serves it: 64 KiB, its tail zeros where the dataset ends. */
export function contentBlock(
  chainSeed: string,
  request: ContentRequest,
  shape: DatasetShape,
  slotIndex: number,
  index: number,
): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= shape.dataBlocks)
    throw new RangeError(`slot ${slotIndex} has dataset blocks 0 to ${shape.dataBlocks - 1}, not ${index}`);
  const key = contentKey(chainSeed, request.nonce, BigInt(slotIndex));
  const bytes = contentBytes(key, BigInt(index) * BigInt(BLOCK_BYTES), BLOCK_BYTES);
  if (slotIndex === shape.slots - 1 && index === shape.dataBlocks - 1) bytes.fill(0, shape.lastBlockBytes);
  return bytes;
}
