// The Poseidon2 and circuit-input vectors (test/fixtures/, from nim-poseidon2's tests and
// nim-codex's circuit fixture), typed for the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, '../../../fixtures');

/** test/fixtures/poseidon2.json. */
export interface Poseidon2Vectors {
  permutation: { input: string[]; output: string[] };
  firstRoundConstantHex: string;
  sponge: { rate1: string[]; rate2: string[] };
  merkleOfElements: { roots: string[] };
  merkleOfBytes: { roots: string[] };
  merkleOfElements1To2pow17Le: string;
  merkleOfBytes1To80Le: string;
  merkleOfEmptyBytesLe: string;
  zeroBlockRootLe: string;
  zeroCellHashLe: string;
}

export const poseidon2Vectors = JSON.parse(readFileSync(join(fixtures, 'poseidon2.json'), 'utf8')) as Poseidon2Vectors;

/** The circuit-input fixture's text and its parsed JSON. */
export const circuitInputText = readFileSync(join(fixtures, 'codex-circuit-input.json'), 'utf8');
export const circuitInputJson = JSON.parse(circuitInputText) as {
  dataSetRoot: string;
  entropy: string;
  nCellsPerSlot: number;
  nSlotsPerDataSet: number;
  slotIndex: number;
  slotRoot: string;
  slotProof: string[];
  cellData: string[][];
  merklePaths: string[][];
};

/** 32 little-endian bytes from the vectors' 0x-hex. */
export function leHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
}

/** The integer of 32 little-endian bytes given as 0x-hex. */
export function leHexValue(hex: string): bigint {
  return BigInt(`0x${Buffer.from(leHex(hex)).reverse().toString('hex')}`);
}

/** 1, 2, …, n as bigints. */
export function oneTo(n: number): bigint[] {
  return Array.from({ length: n }, (_, i) => BigInt(i + 1));
}
