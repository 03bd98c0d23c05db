// Reads a circuit input from untrusted JSON (a peer's or a simulated host's proof): every field
// present, of the right shape and length, every value a canonical field element. Field elements
// may be decimal strings or safe non-negative integers (snarkjs takes both); anything else is a
// value-level failure naming the field, never an exception.
import { isFieldElement } from '../poseidon2/field';
import { CELL_ELEMENTS, MAX_DATASET_DEPTH, MAX_SLOT_DEPTH, PROOF_SAMPLES } from '../slots/layout';

/** The input's values as field elements, shaped as SampleAndProve(32, 8, 5, 67, 5) takes them. */
export interface StatementInput {
  readonly dataSetRoot: bigint;
  readonly entropy: bigint;
  readonly nCellsPerSlot: bigint;
  readonly nSlotsPerDataSet: bigint;
  readonly slotIndex: bigint;
  readonly slotRoot: bigint;
  readonly slotProof: readonly bigint[];
  readonly cellData: readonly (readonly bigint[])[];
  readonly merklePaths: readonly (readonly bigint[])[];
}

class Malformed extends Error {}

function element(value: unknown, where: string): bigint {
  let x: bigint;
  if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value) && value.length <= 80) x = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) x = BigInt(value);
  else if (typeof value === 'bigint') x = value;
  else throw new Malformed(`${where} is not a decimal field element (got ${describe(value)})`);
  if (!isFieldElement(x)) throw new Malformed(`${where} is not below the field modulus r`);
  return x;
}

function list(value: unknown, length: number, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Malformed(`${where} is not a list (got ${describe(value)})`);
  if (value.length !== length) throw new Malformed(`${where} has ${value.length} entries; the circuit takes ${length}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** The input, or the first field that is malformed. */
export function parseStatementInput(
  json: unknown,
): { ok: true; value: StatementInput } | { ok: false; message: string } {
  try {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new Malformed('the circuit input is not an object');
    const o = json as Record<string, unknown>;
    const field = (name: string) => element(o[name], name);
    const elements = (value: unknown, length: number, where: string) =>
      list(value, length, where).map((x, i) => element(x, `${where}[${i}]`));
    return {
      ok: true,
      value: {
        dataSetRoot: field('dataSetRoot'),
        entropy: field('entropy'),
        nCellsPerSlot: field('nCellsPerSlot'),
        nSlotsPerDataSet: field('nSlotsPerDataSet'),
        slotIndex: field('slotIndex'),
        slotRoot: field('slotRoot'),
        slotProof: elements(o.slotProof, MAX_DATASET_DEPTH, 'slotProof'),
        cellData: list(o.cellData, PROOF_SAMPLES, 'cellData').map((c, k) =>
          elements(c, CELL_ELEMENTS, `cellData[${k}]`),
        ),
        merklePaths: list(o.merklePaths, PROOF_SAMPLES, 'merklePaths').map((p, k) =>
          elements(p, MAX_SLOT_DEPTH, `merklePaths[${k}]`),
        ),
      },
    };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, message: error.message };
    throw error;
  }
}
