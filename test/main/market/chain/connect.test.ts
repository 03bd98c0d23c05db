// Connecting checks the chain before anything runs: an unreachable RPC, an address without the
// Marketplace, or a data folder of another network is one line for the operator. The key and the
// keystore password never reach a log line or an error message.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProofSystem, SlotDataSource } from '../../../../src-main/engine/index';
import { createChainBackend } from '../../../../src-main/market/chain/backend';
import { connectChain } from '../../../../src-main/market/chain/connect';
import { importKeystore } from '../../../../src-main/market/chain/keystore';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';
import { PROOF, useChainFixture } from './fixture';

const chain = useChainFixture();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connectChain', () => {
  it('is one line when the RPC cannot be reached', async () => {
    const f = chain();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await connectChain(f.options({ rpcUrl: url }), { logger: f.logger, timings: devnetChainTimings });
    expect(result).toEqual({ ok: false, message: `cannot reach the chain's RPC at ${url}: ECONNREFUSED` });
  });

  it('is one line when no Marketplace is at the address', async () => {
    const f = chain();
    const empty = '0x' + '12'.repeat(20);
    const none = await connectChain(f.options({ marketplace: empty }), {
      logger: f.logger,
      timings: devnetChainTimings,
    });
    expect(none).toEqual({
      ok: false,
      message: `no contract at ${empty} on chain 31337; is --marketplace right for this network?`,
    });
    const token = await connectChain(f.options({ marketplace: f.devnet.addresses.token }), {
      logger: f.logger,
      timings: devnetChainTimings,
    });
    expect(token.ok).toBe(false);
    expect(!token.ok && token.message).toMatch(
      new RegExp(
        `^${f.devnet.addresses.token} on chain 31337 does not answer configuration\\(\\) like Codex's Marketplace`,
      ),
    );
    expect(!token.ok && token.message).not.toMatch(/\n/);
  });

  it('refuses a data folder that sold on another Marketplace', async () => {
    const f = chain();
    const first = await f.connect();
    await first.close();
    const other = '0x' + '34'.repeat(20);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(f.dataDir, 'chain.json'), JSON.stringify({ chainId: 31337, marketplace: other }));
    const result = await connectChain(f.options(), {
      dataDir: f.dataDir,
      logger: f.logger,
      timings: devnetChainTimings,
    });
    expect(!result.ok && result.message).toMatch(/sold on chain 31337 \(Marketplace 0x3434.*use another --data-dir/);
  });

  it('opens a keystore with the password from the environment, and never logs the key or the password', async () => {
    const f = chain();
    const password = 'a long and secret phrase';
    const wallet = join(f.dataDir, 'wallet.json');
    await importKeystore(wallet, f.hostKey, password, { scryptN: 1024 });
    const signer = { kind: 'keystore' as const, file: wallet };
    const missing = await connectChain(f.options({ signer }), {
      logger: f.logger,
      env: {},
      timings: devnetChainTimings,
    });
    expect(missing).toEqual({
      ok: false,
      message: `--wallet ${wallet} needs its password: --wallet-password-file FILE or SLOTKEEPER_WALLET_PASSWORD`,
    });
    const wrong = await connectChain(f.options({ signer }), {
      logger: f.logger,
      env: { SLOTKEEPER_WALLET_PASSWORD: 'not it at all' },
      timings: devnetChainTimings,
    });
    expect(wrong).toEqual({ ok: false, message: `could not open the wallet ${wallet}: wrong password` });

    const s = await f.connect({ signer }, { env: { SLOTKEEPER_WALLET_PASSWORD: password } });
    expect(s.address).toBe(f.devnet.accounts[1]!.address);
    const { id } = await f.post();
    await s.market.reserveSlot(id, 0n);
    await s.market.fillSlot(id, 0n, PROOF, 5n * 1024n);
    await s.market.reserveSlot(id, 0n).catch(() => undefined);
    await s.market.fillSlot(id, 1n, PROOF, 1n).catch(() => undefined);
    const messages = [
      ...f.logger.lines,
      !missing.ok ? missing.message : '',
      !wrong.ok ? wrong.message : '',
      ...(await Promise.all([s.market.freeSlot(s.market.slotId(id, 1n)).catch((e: Error) => e.message)])),
    ].join('\n');
    expect(messages).not.toContain(f.hostKey.slice(2));
    expect(messages).not.toContain(password);
  });
});

describe('a key already loaded', () => {
  it('is used instead of the options’ key file (a devnet account)', async () => {
    const f = chain();
    const { Wallet } = await import('ethers');
    const signer = new Wallet(f.devnet.accounts[3]!.privateKey);
    const s = await f.connect({ signer: { kind: 'private-key', file: '/nonexistent' } }, { signer });
    expect(s.address).toBe(f.devnet.accounts[3]!.address);
  });
});

describe('the chain backend', () => {
  const dataSource = {} as SlotDataSource;
  const proofSystem = (scheme: string) => ({ scheme }) as ProofSystem;

  it('bundles the session’s market, clock and wallet with the caller’s data source and proof system', async () => {
    const f = chain();
    const s = await f.connect();
    const backend = createChainBackend(s, { dataSource, proofSystem: proofSystem('groth16') });
    expect(backend).toMatchObject({ kind: 'chain', market: s.market, clock: s.clock, wallet: s.wallet, dataSource });
    expect(() => createChainBackend(s, { dataSource, proofSystem: proofSystem('sha256-merkle') })).toThrow(
      /verifies groth16 proofs/,
    );
  });

  it('tells whether the gas left pays for the next proofs', async () => {
    const f = chain();
    const s = await f.connect();
    const enough = await s.wallet.gasForProofs(10);
    expect(enough.enough).toBe(true);
    expect(enough.balance).toBe(await f.devnet.provider.getBalance(s.address));
    const tooMany = await s.wallet.gasForProofs(Number(enough.proofsCovered) + 1);
    expect(tooMany.enough).toBe(false);
    expect(tooMany.perProof).toBeGreaterThan(0n);
  });
});
