// Checks a circuit input before it reaches the witness generator. The generator reduces every value
// modulo r without a word, so an out-of-range value would silently prove something else: reject it here.
import { Groth16Error } from './errors';
import { SNARK_SCALAR_FIELD, type CircuitInput, type CircuitValue } from './types';

// Codex's input has 5×67 + 5×32 + 8 + 6 values; the bound only stops a runaway input.
const MAX_VALUES = 1_000_000;
const MAX_DEPTH = 4;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

function invalid(message: string): Groth16Error {
  return new Groth16Error('invalid-input', `The circuit input is not valid: ${message}.`);
}

/** The field element a scalar input value stands for, or a reason why it is none. */
function fieldValue(value: unknown, where: string): bigint {
  let v: bigint;
  if (typeof value === 'string') {
    if (!DECIMAL.test(value)) throw invalid(`${where} is ${JSON.stringify(value.slice(0, 40))}, not a decimal number`);
    v = BigInt(value);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw invalid(`${where} is ${value}, not a non-negative integer`);
    v = BigInt(value);
  } else if (typeof value === 'bigint') {
    v = value;
  } else {
    throw invalid(`${where} is a ${value === null ? 'null' : typeof value}, not a number`);
  }
  if (v < 0n || v >= SNARK_SCALAR_FIELD) throw invalid(`${where} is not below the BN254 scalar field modulus`);
  return v;
}

function check(value: unknown, where: string, depth: number, count: { n: number }): void {
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) throw invalid(`${where} is nested deeper than ${MAX_DEPTH} levels`);
    value.forEach((item, i) => check(item, `${where}[${i}]`, depth + 1, count));
    return;
  }
  if (++count.n > MAX_VALUES) throw invalid(`it has more than ${MAX_VALUES} values`);
  fieldValue(value, where);
}

/**
 * Checks every value of `input` and returns the named public inputs, in `publicInputs` order, as
 * the field elements the circuit's public signals must equal. Throws Groth16Error('invalid-input').
 */
export function checkCircuitInput(input: unknown, publicInputs: readonly string[]): bigint[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('it is not a JSON object');
  const record = input as Record<string, unknown>;
  const count = { n: 0 };
  for (const [name, value] of Object.entries(record)) check(value, name, 0, count);
  return publicInputs.map((name) => {
    if (!Object.hasOwn(record, name)) throw invalid(`the public input ${name} is missing`);
    const value = record[name];
    if (Array.isArray(value)) throw invalid(`the public input ${name} is an array, not one number`);
    return fieldValue(value, name);
  });
}

/** The input as plain JSON values (bigints as decimal strings), safe to post to a worker and to log. */
export function toJsonInput(input: CircuitInput): Record<string, unknown> {
  const convert = (v: CircuitValue): unknown =>
    typeof v === 'bigint' ? v.toString() : Array.isArray(v) ? v.map(convert) : v;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, convert(v)]));
}
