// The proof flags on the command line: parsed with the others, bad values refused with the flag's
// name, and --circuit-dir checked on disk like a proof would use it (real folders, the real devnet
// circuit), so a wrong folder is one line before anything starts.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeadlessArgs, USAGE } from '../../../src-main/headless/cli';
import { resolveProofFlags } from '../../../src-main/headless/cli-proofs';
import { devnetCircuit } from '../../support/devnet-circuit';

let built: string;
let scratch: string;
beforeAll(async () => {
  built = (await devnetCircuit()).dir;
  scratch = await mkdtemp(join(tmpdir(), 'slotkeeper-cli-proofs-'));
}, 180_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('--circuit-dir and --circuit-url', () => {
  it('are read with the other flags and listed in --help', () => {
    const parsed = parseHeadlessArgs(['--circuit-dir', '/srv/circuit', '--circuit-url', 'http://127.0.0.1:9/c/']);
    expect(parsed).toMatchObject({
      ok: true,
      options: { circuitDir: '/srv/circuit', circuitUrl: 'http://127.0.0.1:9/c/' },
    });
    expect(USAGE).toContain('--circuit-dir DIR');
    expect(USAGE).toContain('--circuit-url URL');
  });

  it('refuse an empty folder name and a URL that is not http(s), naming the flag', () => {
    expect(parseHeadlessArgs(['--circuit-dir', ''])).toEqual({
      ok: false,
      message: '--circuit-dir must name a folder',
    });
    const url = parseHeadlessArgs(['--circuit-url', 'ftp://example.org/']);
    expect(url).toMatchObject({ ok: false, message: expect.stringContaining('--circuit-url must be an http(s) URL') });
  });

  it('accepts a folder holding a usable circuit, made absolute', async () => {
    const rel = relative(process.cwd(), built);
    expect(await resolveProofFlags({ circuitDir: rel, circuitUrl: 'https://example.org/' })).toEqual({
      ok: true,
      circuits: { dir: built, url: 'https://example.org/' },
    });
    expect(await resolveProofFlags({})).toEqual({ ok: true, circuits: {} });
  });

  it('says in one line what is wrong with a folder that does not exist, is a file, lacks files or holds a broken one', async () => {
    const missing = join(scratch, 'nope');
    expect(await resolveProofFlags({ circuitDir: missing })).toEqual({
      ok: false,
      message: expect.stringMatching(new RegExp(`^--circuit-dir ${missing}: the folder ${missing} does not exist`)),
    });
    const file = join(scratch, 'a-file');
    await writeFile(file, 'x');
    expect(await resolveProofFlags({ circuitDir: file })).toMatchObject({
      ok: false,
      message: expect.stringContaining(`${file} is not a folder`),
    });
    const partial = await mkdtemp(join(scratch, 'partial-'));
    await copyFile(join(built, 'proof_main.wasm'), join(partial, 'proof_main.wasm'));
    expect(await resolveProofFlags({ circuitDir: partial })).toMatchObject({
      ok: false,
      message: expect.stringContaining('lacks proof_main.zkey, proof_main_verification_key.json'),
    });
    await copyFile(join(built, 'proof_main_verification_key.json'), join(partial, 'proof_main_verification_key.json'));
    await writeFile(join(partial, 'proof_main.zkey'), 'not a zkey');
    const broken = await resolveProofFlags({ circuitDir: partial });
    expect(broken).toMatchObject({ ok: false, message: expect.stringContaining('proof_main.zkey is not usable') });
    if (!broken.ok) expect(broken.message).not.toContain('\n');
  });
});
