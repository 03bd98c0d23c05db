// The circuit-statement checker against the corruption table of docs/reference/proofs.md §4,
// measured with Codex's own witness generator: it must fail exactly where the real circuit fails
// and pass where the circuit leaves a field unconstrained.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../../../../src-main/proofs/codex/poseidon2/field';
import {
  checkCircuitStatement,
  type StatementResult,
} from '../../../../../src-main/proofs/codex/statement/check-statement';
import {
  referenceStatementHasher,
  wasmStatementHasher,
  type StatementHasher,
} from '../../../../../src-main/proofs/codex/statement/statement-hasher';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';
import { circuitInputJson } from '../vectors';

type Input = typeof circuitInputJson;
const fixture = () => structuredClone(circuitInputJson) as Input;
const plusOne = (x: string) => (BigInt(x) + 1n).toString();
const publicOf = (input: Input) => ({
  entropy: BigInt(input.entropy),
  dataSetRoot: BigInt(input.dataSetRoot),
  slotIndex: BigInt(input.slotIndex),
});
const hashers = [
  ['the BigInt reference', referenceStatementHasher],
  ['wasm', wasmStatementHasher(createPoseidon2Wasm())],
] as const;
let hasher: StatementHasher = referenceStatementHasher;
/** As the witness generator sees a corrupted input: its public inputs are the input's own. */
const check = (input: Input) => checkCircuitStatement(input, publicOf(input), hasher);
const failsAt = (check: string, sample?: number) =>
  expect.objectContaining({
    ok: false,
    failure: expect.objectContaining(sample === undefined ? { check } : { check, sample }),
  });

describe.each(hashers)('the circuit-statement checker on the corruption table, hashing with %s', (_name, chosen) => {
  beforeAll(() => {
    hasher = chosen;
  });
  afterAll(() => {
    hasher = referenceStatementHasher;
  });

  it('accepts the original fixture', () => {
    expect(check(fixture())).toEqual({ ok: true });
  });

  const cases: [string, (i: Input) => void, StatementResult | ReturnType<typeof failsAt>][] = [
    ['cellData[0][0] + 1', (i) => (i.cellData[0]![0] = plusOne(i.cellData[0]![0]!)), failsAt('cell-proof', 0)],
    [
      'cellData[4][66] + 1 (the padded last element)',
      (i) => (i.cellData[4]![66] = plusOne(i.cellData[4]![66]!)),
      failsAt('cell-proof', 4),
    ],
    ['merklePaths[0][0] + 1', (i) => (i.merklePaths[0]![0] = plusOne(i.merklePaths[0]![0]!)), failsAt('cell-proof', 0)],
    [
      'merklePaths[2][8] + 1 (the top used level)',
      (i) => (i.merklePaths[2]![8] = plusOne(i.merklePaths[2]![8]!)),
      failsAt('cell-proof', 2),
    ],
    [
      'merklePaths[0][9] = 1 and [0][31] = 1 (beyond depth 9)',
      (i) => ((i.merklePaths[0]![9] = '1'), (i.merklePaths[0]![31] = '1')),
      { ok: true },
    ],
    ['slotProof[0] + 1', (i) => (i.slotProof[0] = plusOne(i.slotProof[0]!)), failsAt('dataset-root')],
    ['slotProof[4] = 1 (beyond depth 4)', (i) => (i.slotProof[4] = '1'), { ok: true }],
    ['slotRoot + 1', (i) => (i.slotRoot = plusOne(i.slotRoot)), failsAt('dataset-root')],
    ['dataSetRoot + 1', (i) => (i.dataSetRoot = plusOne(i.dataSetRoot)), failsAt('dataset-root')],
    ['entropy + 1 (other cells are then selected)', (i) => (i.entropy = plusOne(i.entropy)), failsAt('cell-proof', 0)],
    ['slotIndex 3 → 2', (i) => (i.slotIndex = 2), failsAt('dataset-root')],
    ['nCellsPerSlot 512 → 1024', (i) => (i.nCellsPerSlot = 1024), failsAt('cell-proof')],
    ['nSlotsPerDataSet 11 → 12 (same odd-node keys for slot 3)', (i) => (i.nSlotsPerDataSet = 12), { ok: true }],
    [
      'samples 0 and 1 swapped (counter order matters)',
      (i) => {
        [i.cellData[0], i.cellData[1]] = [i.cellData[1]!, i.cellData[0]!];
        [i.merklePaths[0], i.merklePaths[1]] = [i.merklePaths[1]!, i.merklePaths[0]!];
      },
      failsAt('cell-proof', 0),
    ],
  ];
  for (const [name, corrupt, expected] of cases)
    it(`${name}: ${'ok' in expected && expected.ok ? 'passes (unconstrained)' : 'fails'}`, () => {
      const input = fixture();
      corrupt(input);
      expect(check(input)).toEqual(expected);
    });
});

describe('the checker beyond the table', () => {
  it('fails a valid input offered for other public inputs, naming which', () => {
    const pub = publicOf(fixture());
    expect(checkCircuitStatement(fixture(), { ...pub, entropy: pub.entropy + 1n })).toEqual(failsAt('public-inputs'));
    expect(checkCircuitStatement(fixture(), { ...pub, dataSetRoot: 5n })).toEqual(failsAt('public-inputs'));
    expect(checkCircuitStatement(fixture(), { ...pub, slotIndex: 4n })).toEqual(failsAt('public-inputs'));
  });

  it('keeps the top tree keyed as the circuit does for other dataset sizes', () => {
    for (const [slots, expected] of [
      [9, { ok: true }], // 3 is still not the last index's prefix at any level
      [16, { ok: true }],
      [5, failsAt('dataset-root')], // a depth-3 tree
      [4, failsAt('dataset-root')], // slot 3 becomes the last, odd-keyed node
    ] as const) {
      const input = fixture();
      input.nSlotsPerDataSet = slots;
      expect(check(input)).toEqual(expected);
    }
  });

  it('fails slot indices beyond 8 bits, dataset sizes outside 1..256 and cell counts that are not 2^1..2^32', () => {
    const withField = (name: keyof Input, value: unknown) => ({ ...fixture(), [name]: value }) as Input;
    expect(check(withField('slotIndex', 256))).toEqual(failsAt('slot-index-range'));
    expect(check(withField('nSlotsPerDataSet', 0))).toEqual(failsAt('slots-per-dataset-range'));
    expect(check(withField('nSlotsPerDataSet', 257))).toEqual(failsAt('slots-per-dataset-range'));
    for (const cells of [0, 1, 3, 511, 2 ** 33])
      expect(check(withField('nCellsPerSlot', cells))).toEqual(failsAt('cells-per-slot'));
  });

  it('reports malformed input as a value naming the field', () => {
    const cases: [unknown, string][] = [
      [null, 'not an object'],
      [[], 'not an object'],
      [{ ...fixture(), entropy: undefined }, 'entropy'],
      [{ ...fixture(), entropy: 'twelve' }, 'entropy'],
      [{ ...fixture(), entropy: '-1' }, 'entropy'],
      [{ ...fixture(), entropy: '0x12' }, 'entropy'],
      [{ ...fixture(), slotIndex: 3.5 }, 'slotIndex'],
      [{ ...fixture(), slotRoot: FIELD_MODULUS.toString() }, 'slotRoot is not below the field modulus'],
      [{ ...fixture(), slotProof: fixture().slotProof.slice(0, 7) }, 'slotProof has 7 entries'],
      [{ ...fixture(), cellData: fixture().cellData.slice(0, 4) }, 'cellData has 4 entries'],
      [{ ...fixture(), cellData: fixture().cellData.map((c) => c.slice(1)) }, 'cellData[0] has 66 entries'],
      [{ ...fixture(), merklePaths: 'none' }, 'merklePaths is not a list'],
      [
        { ...fixture(), merklePaths: fixture().merklePaths.map((p, k) => (k === 3 ? [...p.slice(0, 31), {}] : p)) },
        'merklePaths[3][31]',
      ],
    ];
    for (const [input, message] of cases) {
      const result = checkCircuitStatement(input, publicOf(fixture()));
      expect(result).toEqual(failsAt('malformed'));
      expect(!result.ok && result.failure.message).toContain(message);
    }
  });

  it('never throws, whatever it is given', () => {
    const pub = publicOf(fixture());
    fc.assert(
      fc.property(fc.jsonValue(), (junk) => {
        const result = checkCircuitStatement(junk, pub);
        return !result.ok && result.failure.check === 'malformed';
      }),
      { numRuns: 300 },
    );
    const throwing = Object.defineProperty({ ...fixture() }, 'entropy', {
      get() {
        throw new Error('boom');
      },
    });
    expect(checkCircuitStatement(throwing, pub)).toEqual(failsAt('malformed'));
  });

  it('accepts field elements given as numbers, as snarkjs does', () => {
    const input = fixture() as unknown as Record<string, unknown>;
    input.entropy = 1234567;
    expect(checkCircuitStatement(input, publicOf(fixture()))).toEqual({ ok: true });
  });
});
