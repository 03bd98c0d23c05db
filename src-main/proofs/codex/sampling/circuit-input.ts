// The input of Codex's storage-proof circuit, SampleAndProve(32, 8, 5, 67, 5), in the field order
// and JSON types of nim-codex's fixture (docs/proofs-codex.md): field elements as decimal
// strings, nCellsPerSlot, nSlotsPerDataSet and slotIndex as numbers.

/** The circuit input with field elements as bigints. */
export interface CircuitInput {
  readonly dataSetRoot: bigint;
  readonly entropy: bigint;
  readonly nCellsPerSlot: number;
  readonly nSlotsPerDataSet: number;
  readonly slotIndex: number;
  readonly slotRoot: bigint;
  /** The slot's dataset-tree path, zero-padded to 8. */
  readonly slotProof: readonly bigint[];
  /** Per sample, the cell's 67 field elements. */
  readonly cellData: readonly (readonly bigint[])[];
  /** Per sample, 5 block-tree nodes then the slot-tree path, zero-padded to 32. */
  readonly merklePaths: readonly (readonly bigint[])[];
}

/** The circuit input as JSON (what snarkjs and nim-codex read). */
export interface CircuitInputJson {
  dataSetRoot: string;
  entropy: string;
  nCellsPerSlot: number;
  nSlotsPerDataSet: number;
  slotIndex: number;
  slotRoot: string;
  slotProof: string[];
  cellData: string[][];
  merklePaths: string[][];
}

/** The JSON object, keys in the fixture's order. */
export function circuitInputToJson(input: CircuitInput): CircuitInputJson {
  const decimal = (xs: readonly bigint[]) => xs.map((x) => x.toString());
  return {
    dataSetRoot: input.dataSetRoot.toString(),
    entropy: input.entropy.toString(),
    nCellsPerSlot: input.nCellsPerSlot,
    nSlotsPerDataSet: input.nSlotsPerDataSet,
    slotIndex: input.slotIndex,
    slotRoot: input.slotRoot.toString(),
    slotProof: decimal(input.slotProof),
    cellData: input.cellData.map(decimal),
    merklePaths: input.merklePaths.map(decimal),
  };
}

/**
 * The input as text in the layout of the reference input generator (codex-storage-proofs-circuits
 * reference/nim/proof_input, json/bn254.nim), which wrote nim-codex's fixture: leading commas and
 * one value per line. Parses to the same JSON as circuitInputToJson.
 */
export function formatCircuitInputLikeCodex(input: CircuitInput): string {
  const q = (x: bigint) => `"${x.toString()}"`;
  const lines: string[] = ['{'];
  lines.push(`  "dataSetRoot":      ${q(input.dataSetRoot)}`);
  lines.push(`, "entropy":          ${q(input.entropy)}`);
  lines.push(`, "nCellsPerSlot":    ${input.nCellsPerSlot}`);
  lines.push(`, "nSlotsPerDataSet": ${input.nSlotsPerDataSet}`);
  lines.push(`, "slotIndex":        ${input.slotIndex}`);
  lines.push(`, "slotRoot":         ${q(input.slotRoot)}`);
  const list = (prefix: string, xs: readonly bigint[]) => {
    const indent = ' '.repeat(prefix.length);
    xs.forEach((x, i) => lines.push(`${i === 0 ? `${prefix}[ ` : `${indent}, `}${q(x)}`));
    lines.push(`${indent}]`);
  };
  const listOfLists = (xss: readonly (readonly bigint[])[]) => {
    xss.forEach((xs, i) => list(i === 0 ? '    [ ' : '    , ', xs));
    lines.push('    ]');
  };
  lines.push(', "slotProof":');
  list('    ', input.slotProof);
  lines.push(', "cellData":');
  listOfLists(input.cellData);
  lines.push(', "merklePaths":');
  listOfLists(input.merklePaths);
  lines.push('}');
  return lines.join('\n') + '\n';
}
