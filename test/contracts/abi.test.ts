// The project's Marketplace must be ABI-identical to Codex's: every function, event and error of the
// tables above, and nothing more; the adapter's hand-written ABI must equal the compiled one.
import { type ErrorFragment, type EventFragment, type FunctionFragment, Interface } from 'ethers';
import { describe, expect, it } from 'vitest';
import { MARKETPLACE_ABI, TOKEN_ABI, VERIFIER_ABI } from '../../src-main/market/chain/abi';
import { loadContracts } from '../../src-main/market/devnet/artifacts';
import { ERRORS, EVENTS, FUNCTIONS, OUTPUTS, TOKEN_ERRORS } from '../fixtures/marketplace-abi';

const compiled = loadContracts();
const marketplace = new Interface(compiled.contracts.Marketplace!.abi);
const fragments = <T>(iface: Interface, type: string) => iface.fragments.filter((f) => f.type === type) as T[];

describe('the compiled Marketplace ABI', () => {
  it('has exactly the 29 functions of Codex’s Marketplace, with their selectors and mutability', () => {
    const functions = fragments<FunctionFragment>(marketplace, 'function');
    const actual = functions.map((f) => [f.selector, f.format('sighash'), f.stateMutability]).sort();
    expect(actual).toEqual([...FUNCTIONS].map((f) => [...f]).sort());
    expect(functions).toHaveLength(29);
  });

  it('returns what Codex’s views return', () => {
    for (const f of fragments<FunctionFragment>(marketplace, 'function')) {
      if (f.stateMutability !== 'view') continue;
      expect(f.outputs.map((o) => o.format('sighash')).join(','), f.name).toBe(OUTPUTS[f.format('sighash')]);
    }
  });

  it('has the 8 events with their topics and indexed fields', () => {
    const events = fragments<EventFragment>(marketplace, 'event');
    const actual = events.map((e) => [e.topicHash, e.format('sighash'), e.inputs.map((i) => i.indexed)]).sort();
    expect(actual).toEqual([...EVENTS].map((e) => [...e]).sort());
  });

  it('has every custom error, none with arguments, and no other', () => {
    const errors = fragments<ErrorFragment>(marketplace, 'error');
    expect(Object.fromEntries(errors.map((e) => [e.selector, e.name]))).toEqual(ERRORS);
    expect(errors.every((e) => e.inputs.length === 0)).toBe(true);
  });

  it('takes (config, token, verifier) in its constructor', () => {
    expect(marketplace.deploy.format('minimal')).toBe(
      'constructor(((uint8,uint8,uint8,uint8),(uint64,uint64,uint8,uint8,string),(uint8),uint64),address,address)',
    );
  });

  it('fits the EIP-170 code size limit', () => {
    expect(compiled.contracts.Marketplace!.runtimeSize).toBeLessThan(24_576);
  });
});

describe('the adapter’s ABI', () => {
  it('is the compiled Marketplace ABI, fragment for fragment (names of parameters aside)', () => {
    const full = (iface: Interface) => iface.fragments.map((f) => f.format('minimal')).sort();
    expect(full(new Interface(MARKETPLACE_ABI))).toEqual(full(marketplace));
  });

  it('knows the test token’s functions and its OpenZeppelin errors with their arguments', () => {
    const token = new Interface(compiled.contracts.TestToken!.abi);
    const mine = new Interface(TOKEN_ABI);
    const sig = (i: Interface, type: string) =>
      fragments<FunctionFragment>(i, type)
        .map((f) => f.format('sighash'))
        .sort();
    expect(sig(mine, 'function')).toEqual(sig(token, 'function'));
    expect(sig(mine, 'error')).toEqual(sig(token, 'error'));
    for (const [selector, signature] of Object.entries(TOKEN_ERRORS)) {
      expect(token.getError(selector)?.format('sighash')).toBe(signature);
    }
  });

  it('calls verifiers through Codex’s verify(Groth16Proof, uint256[]) view returns (bool)', () => {
    const codex = new Interface(VERIFIER_ABI).getFunction('verify')!;
    for (const name of ['TestVerifier', 'InputCheckingVerifier']) {
      const verify = new Interface(compiled.contracts[name]!.abi).getFunction('verify')!;
      expect(verify.selector).toBe(codex.selector);
      expect(verify.outputs.map((o) => o.type)).toEqual(['bool']);
      expect(['view', 'pure']).toContain(verify.stateMutability);
    }
  });
});
