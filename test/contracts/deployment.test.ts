// The Marketplace's constructor checks (in the order the base constructors run), the proof's public
// inputs as the verifier receives them, and the pointer's grey zone.
import { Contract, ContractFactory, getBytes, hexlify, toBigInt, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../src-main/market/chain/abi';
import { configToTuple, requestToTuple } from '../../src-main/market/chain/codec';
import { deployMarket } from '../../src-main/market/devnet/deploy';
import { type Devnet, startDevnet } from '../../src-main/market/devnet/devnet';
import { startEdrChain } from '../../src-main/market/devnet/edr';
import { requestIdOf, slotIdOf } from '../../src-main/market/ids';
import { makeConfig, testConfig } from '../../src-main/market/sim/config';
import { PROOF, revertOf } from './fixture';

let devnet: Devnet;
let deployer: Wallet;
beforeAll(async () => {
  devnet = await startDevnet({ config: testConfig, accounts: 2 });
  deployer = new Wallet(devnet.accounts[0]!.privateKey, devnet.provider);
});
afterAll(async () => {
  await devnet?.stop();
});

const deployWith = (overrides: Parameters<typeof makeConfig>[1]) => {
  const { abi, bytecode } = devnet.contracts.contracts.Marketplace!;
  const factory = new ContractFactory(abi, bytecode, deployer);
  return factory.deploy(
    configToTuple(makeConfig(testConfig, overrides)),
    devnet.addresses.token,
    devnet.addresses.verifier,
  );
};

describe('the constructor', () => {
  it('rejects percentages above 100 and too much slashing', async () => {
    expect(await revertOf(deployWith({ collateral: { repairRewardPercentage: 101 } }))).toBe(
      'Marketplace_RepairRewardPercentageTooHigh',
    );
    expect(await revertOf(deployWith({ collateral: { slashPercentage: 101 } }))).toBe(
      'Marketplace_SlashPercentageTooHigh',
    );
    expect(await revertOf(deployWith({ collateral: { maxNumberOfSlashes: 11, slashPercentage: 10 } }))).toBe(
      'Marketplace_MaximumSlashingTooHigh',
    );
  });

  it('overflows uint8 like Codex’s contract when slashes × percentage exceed 255', async () => {
    expect(await revertOf(deployWith({ collateral: { maxNumberOfSlashes: 20, slashPercentage: 20 } }))).toBe('Panic');
  });

  it('checks the period before its own percentages (base constructors run first)', async () => {
    expect(await revertOf(deployWith({ proofs: { period: 0 }, collateral: { repairRewardPercentage: 101 } }))).toBe(
      'Periods_InvalidSecondsPerPeriod',
    );
  });

  it('needs more than 256 blocks on the chain', async () => {
    const account = devnet.accounts[1]!;
    const young = await startEdrChain({
      chainId: 31337,
      accounts: [{ privateKey: account.privateKey, balance: 10n ** 20n }],
      premine: false,
    });
    try {
      const { JsonRpcProvider } = await import('ethers');
      const provider = new JsonRpcProvider(young.httpUrl, 31337, { staticNetwork: true, cacheTimeout: -1 });
      const wallet = new Wallet(account.privateKey, provider);
      expect(await revertOf(deployMarket(wallet, devnet.contracts, testConfig))).toBe('Proofs_InsufficientBlockHeight');
      provider.destroy();
    } finally {
      await young.close();
    }
  });
});

const littleEndian = (hex: string) => toBigInt(getBytes(hex).reverse());

describe('a proof’s public inputs', () => {
  it('are [challenge with its last byte cleared, merkleRoot, slotIndex], each read little-endian', async () => {
    const checked = await deployMarket(deployer, devnet.contracts, testConfig, {
      kind: 'contract',
      name: 'InputCheckingVerifier',
      args: [],
    });
    const market = new Contract(checked.marketplace, MARKETPLACE_ABI, deployer);
    const token = new Contract(checked.token, TOKEN_ABI, deployer);
    await (await token.getFunction('mint')(deployer.address, 10n ** 9n)).wait();
    const verifier = new Contract(checked.verifier, ['function expect(uint256[])'], deployer);
    const root = hexlify(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0 : i + 1)));
    const request = {
      client: deployer.address.toLowerCase(),
      ask: {
        proofProbability: 1n,
        pricePerBytePerSecond: 1n,
        collateralPerByte: 1n,
        slots: 2n,
        slotSize: 64n,
        duration: 1000n,
        maxSlotLoss: 0n,
      },
      content: { cid: '0x01', merkleRoot: root },
      expiry: 500n,
      nonce: '0x' + '00'.repeat(31) + '01',
    };
    await (await token.getFunction('approve')(checked.marketplace, 10n ** 9n)).wait();
    await (await market.getFunction('requestStorage')(requestToTuple(request))).wait();
    const id = requestIdOf(request);
    const slotId = slotIdOf(id, 1n);
    await (await market.getFunction('reserveSlot')(id, 1n)).wait();
    // Keep the pointer away from a wrap so the challenge stays the same until the fill is mined.
    while (Number(await market.getFunction('getPointer')(slotId)) > 240) await devnet.controls.mine();
    const challenge: string = await market.getFunction('getChallenge')(slotId, { blockTag: 'pending' });
    const cleared = challenge.slice(0, -2) + '00';
    await (await verifier.getFunction('expect')([littleEndian(cleared), littleEndian(root) + 1n, 1n])).wait();
    expect(await revertOf(market.getFunction('fillSlot').staticCall(id, 1n, PROOF, { blockTag: 'pending' }))).toBe(
      'Proofs_InvalidProof',
    );
    await (await verifier.getFunction('expect')([littleEndian(cleared), littleEndian(root), 1n])).wait();
    await (await market.getFunction('fillSlot')(id, 1n, PROOF)).wait();
    expect(await market.getFunction('slotState')(slotId)).toBe(1n);
  });
});

describe('the pointer’s grey zone', () => {
  it('makes a due proof willBeRequired while the pointer is below downtime and required after', async () => {
    const market = new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, deployer);
    const token = new Contract(devnet.addresses.token, TOKEN_ABI, deployer);
    const request = {
      client: deployer.address.toLowerCase(),
      ask: {
        proofProbability: 1n,
        pricePerBytePerSecond: 1n,
        collateralPerByte: 1n,
        slots: 1n,
        slotSize: 64n,
        duration: 1000n,
        maxSlotLoss: 0n,
      },
      content: { cid: '0x02', merkleRoot: '0x' + '00'.repeat(32) },
      expiry: 500n,
      nonce: '0x' + '00'.repeat(31) + '02',
    };
    await (await token.getFunction('approve')(devnet.addresses.marketplace, 10n ** 9n)).wait();
    await (await market.getFunction('requestStorage')(requestToTuple(request))).wait();
    const id = requestIdOf(request);
    const slotId = slotIdOf(id, 0n);
    await (await market.getFunction('reserveSlot')(id, 0n)).wait();
    await (await market.getFunction('fillSlot')(id, 0n, PROOF)).wait();
    const now = (await devnet.provider.getBlock('latest'))!.timestamp;
    await devnet.controls.setNextBlockTimestamp((Math.floor(now / 10) + 1) * 10);
    await devnet.controls.mine();
    // proofProbability 1 scales to 1 × (256 − 64) / 256 = 0 in integer division: a proof every period.
    expect(await market.getFunction('slotProbability')(slotId)).toBe(0n);
    const seen = new Set<string>();
    for (let i = 0; i < 256 && seen.size < 2; i += 16) {
      const pointer = Number(await market.getFunction('getPointer')(slotId));
      const required = await market.getFunction('isProofRequired')(slotId);
      const later = await market.getFunction('willProofBeRequired')(slotId);
      expect([required, later]).toEqual(pointer >= 64 ? [true, false] : [false, true]);
      seen.add(String(pointer >= 64));
      await devnet.controls.mine(16);
    }
    expect(seen.size).toBe(2);
  });
});
