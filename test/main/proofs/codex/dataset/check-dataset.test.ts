import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetRoots } from '../../../../../src-main/proofs/codex/dataset/check-dataset';
import { datasetRoot } from '../../../../../src-main/proofs/codex/dataset/dataset';
import { fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { oneTo } from '../vectors';

const pool = new HashPool({ size: 1 });
afterAll(() => pool.close());

const roots = oneTo(11).map((x) => x * 99991n);
const slotRoots = roots.map(fieldToBytes);
const verifyRoot = fieldToBytes(datasetRoot(roots));
const merkleRoot = `0x${Buffer.from(verifyRoot).toString('hex')}`;

describe("checking a manifest's roots against the request", () => {
  it('accepts slot roots whose tree is the verify root and the request merkleRoot', async () => {
    expect(await checkDatasetRoots(slotRoots, verifyRoot, merkleRoot, pool)).toEqual({
      ok: true,
      slotRoots: roots,
      datasetRoot: datasetRoot(roots),
    });
  });

  it("rejects a verify root that is not the tree's, and one that is not the request's merkleRoot (which nim-codex skips)", async () => {
    const other = fieldToBytes(5n);
    expect(await checkDatasetRoots(slotRoots, other, merkleRoot, pool)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not its verify root'),
    });
    expect(
      await checkDatasetRoots(slotRoots, verifyRoot, `0x${Buffer.from(other).toString('hex')}`, pool),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("not the request's content.merkleRoot"),
    });
    expect(await checkDatasetRoots(slotRoots.slice(1), verifyRoot, merkleRoot, pool)).toMatchObject({ ok: false });
  });

  it('rejects roots that are not field elements, bad hex and empty or oversized datasets', async () => {
    const notField = [...slotRoots];
    notField[2] = new Uint8Array(32).fill(0xff);
    expect(await checkDatasetRoots(notField, verifyRoot, merkleRoot, pool)).toMatchObject({
      ok: false,
      message: expect.stringContaining('slot root 2'),
    });
    expect(await checkDatasetRoots(slotRoots, verifyRoot, '0x1234', pool)).toMatchObject({ ok: false });
    expect(await checkDatasetRoots([], verifyRoot, merkleRoot, pool)).toMatchObject({ ok: false });
    expect(await checkDatasetRoots(Array(257).fill(slotRoots[0]), verifyRoot, merkleRoot, pool)).toMatchObject({
      ok: false,
    });
  });
});
