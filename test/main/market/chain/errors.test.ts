// The one revert decoder: contract errors by name, the token's errors with their arguments, panics,
// Error(string), unknown selectors, revert data wherever ethers or a node tucks it, and transport
// failures told apart from reverts.
import { AbiCoder, concat, id } from 'ethers';
import { describe, expect, it } from 'vitest';
import { MarketError } from '../../../../src-main/engine/index';
import { marketplaceInterface, tokenInterface } from '../../../../src-main/market/chain/abi';
import {
  decodeRevertData,
  isTransportError,
  revertDataOf,
  shownUrl,
  toMarketError,
} from '../../../../src-main/market/chain/errors';

const coder = AbiCoder.defaultAbiCoder();
const selector = (signature: string) => id(signature).slice(0, 10);

describe('decoding revert data', () => {
  it('names every Marketplace, Proofs, Periods and SlotReservations error', () => {
    marketplaceInterface.forEachError((error) => {
      expect(decodeRevertData(error.selector, 'call')?.code).toBe(error.name);
    });
  });

  it('gives the token’s errors with their arguments', () => {
    const data = tokenInterface.encodeErrorResult('ERC20InsufficientAllowance', ['0x' + '11'.repeat(20), 5n, 9n]);
    const error = decodeRevertData(data, 'fillSlot')!;
    expect(error.code).toBe('ERC20InsufficientAllowance');
    expect(error.details).toEqual({ spender: '0x' + '11'.repeat(20), allowance: 5n, needed: 9n });
    expect(error.message).toBe(
      'ERC20InsufficientAllowance: fillSlot (spender=0x1111111111111111111111111111111111111111, allowance=5, needed=9)',
    );
    expect(
      decodeRevertData(tokenInterface.encodeErrorResult('ERC20InvalidReceiver', ['0x' + '00'.repeat(20)]), 'x')?.code,
    ).toBe('ERC20InvalidReceiver');
  });

  it('gives panics with their code and Error(string) with its reason', () => {
    const panic = decodeRevertData(concat([selector('Panic(uint256)'), coder.encode(['uint256'], [0x11])]), 'deploy')!;
    expect(panic.code).toBe('Panic');
    expect(panic.details).toEqual({ code: 0x11 });
    expect(panic.message).toMatch(/overflow/);
    const reason = decodeRevertData(concat([selector('Error(string)'), coder.encode(['string'], ['nope'])]), 'call')!;
    expect([reason.code, reason.details.reason]).toEqual(['Reverted', 'nope']);
  });

  it('says Reverted for an unknown error and nothing for empty data', () => {
    expect(decodeRevertData('0xdeadbeef', 'call')?.code).toBe('Reverted');
    expect(decodeRevertData('0x', 'call')).toBeUndefined();
    expect(decodeRevertData(undefined, 'call')).toBeUndefined();
  });
});

describe('finding revert data', () => {
  it('looks in data, error.data, info.error.data and nested causes, but not in the transaction', () => {
    const data = marketplaceInterface.getError('Marketplace_SlotNotFree')!.selector;
    expect(revertDataOf({ data })).toBe(data);
    expect(revertDataOf({ error: { data } })).toBe(data);
    expect(revertDataOf({ info: { error: { code: 3, data } } })).toBe(data);
    expect(revertDataOf({ cause: { error: { data: { data } } } })).toBe(data);
    expect(revertDataOf({ transaction: { data: '0x1d873c1b' + '00'.repeat(64) } })).toBeUndefined();
  });
});

describe('toMarketError', () => {
  it('uses ethers’ decoded revert, raw data, or the code of a revert without a reason', () => {
    expect(toMarketError({ revert: { name: 'Marketplace_SlotIsFree' } }, 'freeSlot')?.code).toBe(
      'Marketplace_SlotIsFree',
    );
    expect(toMarketError({ code: 'CALL_EXCEPTION', data: '0x' }, 'x')?.code).toBe('Reverted');
    const same = new MarketError('Proofs_InvalidProof', 'x');
    expect(toMarketError(same, 'y')).toBe(same);
  });

  it('turns transport failures into MarketUnavailable and leaves other errors alone', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(toMarketError(refused, 'eth_call')?.code).toBe('MarketUnavailable');
    expect(isTransportError({ code: 'SERVER_ERROR', shortMessage: 'exceeded maximum retry limit' })).toBe(true);
    expect(isTransportError({ code: 'TIMEOUT' })).toBe(true);
    expect(isTransportError(new Error('socket hang up'))).toBe(true);
    expect(isTransportError({ code: 'NONCE_EXPIRED' })).toBe(false);
    expect(toMarketError(new TypeError('a bug'), 'x')).toBeUndefined();
  });
});

describe('endpoints in messages', () => {
  it('show scheme, host and port, never the path, query or user part where API keys live', () => {
    expect(shownUrl('https://mainnet.example.org/v3/0123456789abcdef')).toBe('https://mainnet.example.org/…');
    expect(shownUrl('wss://user:secret@rpc.example.org:8546')).toBe('wss://rpc.example.org:8546/…');
    expect(shownUrl('http://127.0.0.1:8545?key=abc')).toBe('http://127.0.0.1:8545/…');
    expect(shownUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
  });
});
