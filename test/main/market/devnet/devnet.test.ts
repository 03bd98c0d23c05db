// The devnet: contracts compiled once and cached by source hash, an EVM on loopback with the
// Marketplace deployed and every account funded, and a clear error when Hardhat cannot be loaded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../../../src-main/market/chain/abi';
import { configFromResult } from '../../../../src-main/market/chain/codec';
import { appRoot, loadContracts } from '../../../../src-main/market/devnet/artifacts';
import { compileContracts, sourceHashOf } from '../../../../src-main/market/devnet/compile';
import { type Devnet, startDevnet } from '../../../../src-main/market/devnet/devnet';
import { DevnetUnavailableError, startEdrChain } from '../../../../src-main/market/devnet/edr';
import { makeConfig, testConfig } from '../../../../src-main/market/sim/config';

const config = makeConfig(testConfig, { proofs: { period: 30 } });
let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ config, accounts: 3, tokens: 123n * 10n ** 18n });
});
afterAll(async () => {
  await devnet?.stop();
});

describe('startDevnet', () => {
  it('serves JSON-RPC on loopback only', () => {
    expect(new URL(devnet.httpUrl).hostname).toBe('127.0.0.1');
    expect(new URL(devnet.wsUrl).hostname).toBe('127.0.0.1');
  });

  it('deploys the Marketplace with the configuration, past block 256, with the test token', async () => {
    const market = new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, devnet.provider);
    const [answer] = await market.getFunction('configuration').staticCallResult();
    expect(configFromResult(answer)).toEqual(config);
    expect(String(await market.getFunction('token')()).toLowerCase()).toBe(devnet.addresses.token);
    expect(devnet.addresses.deployBlock).toBeGreaterThan(256);
  });

  it('funds every account with gas and tokens', async () => {
    const token = new Contract(devnet.addresses.token, TOKEN_ABI, devnet.provider);
    for (const account of devnet.accounts) {
      expect(await token.getFunction('balanceOf')(account.address)).toBe(123n * 10n ** 18n);
      expect(await devnet.provider.getBalance(account.address)).toBeGreaterThan(10n ** 21n);
    }
    expect(await token.getFunction('symbol')()).toBe('TST');
  });
});

describe('the contracts', () => {
  it('are the precompiled or cached ones while the sources are unchanged', () => {
    expect(loadContracts().sourceHash).toBe(sourceHashOf(join(appRoot(), 'contracts')));
  });

  it('are looked up by a hash of every source, so a changed source is compiled again', () => {
    const cache = mkdtempSync(join(tmpdir(), 'slotkeeper-solc-'));
    const sources = mkdtempSync(join(tmpdir(), 'slotkeeper-sol-'));
    const contract = (body: string) =>
      writeFileSync(join(sources, 'Tiny.sol'), `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\n${body}\n`);
    try {
      contract('contract Tiny {}');
      const hash = sourceHashOf(sources);
      // A cache entry under that hash is used as it is: the compiler is never loaded for it.
      const cached = { sourceHash: hash, contracts: { Tiny: { abi: [], bytecode: '0x00', runtimeSize: 1 } } };
      writeFileSync(join(cache, `${hash}.json`), JSON.stringify(cached));
      expect(compileContracts(sources, cache)).toEqual(cached);
      contract('contract Tiny { uint256 x; }');
      expect(sourceHashOf(sources)).not.toBe(hash);
      writeFileSync(join(sources, 'Other.sol'), '// another file changes the hash too\n');
      expect(new Set([hash, sourceHashOf(sources)]).size).toBe(2);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(sources, { recursive: true, force: true });
    }
  });
});

describe('without Hardhat', () => {
  it('says what the devnet needs instead of a stack trace', async () => {
    const error = await startEdrChain(
      { chainId: 31337, accounts: [] },
      { hardhatModule: 'hardhat/not-installed' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevnetUnavailableError);
    expect((error as Error).message).toMatch(
      /^The devnet needs the development dependencies hardhat 3.17 and @nomicfoundation\/edr/,
    );
  });
});
