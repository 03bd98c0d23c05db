import { describe, expect, it } from 'vitest';
import * as engine from '../../../src-main/engine/index';
import { ApiFailure, toApiError } from '../../../src-main/api/errors';

type ErrorClass = new (...args: unknown[]) => Error;

/** Every class engine/index.ts exports that extends Error, by export name. */
const exportedErrorClasses = (Object.entries(engine) as [string, unknown][]).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

// Abstract in TypeScript: never thrown itself, only through the subclasses checked below.
const abstractBases: unknown[] = [engine.EngineError];

describe('the error table', () => {
  it('finds the engine error classes it checks', () => {
    const names = exportedErrorClasses.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['QuotaNotEnoughError', 'MarketError', 'SaleError']));
    for (const base of abstractBases)
      expect(exportedErrorClasses.some(([, type]) => type.prototype instanceof (base as ErrorClass))).toBe(true);
  });

  it('maps every error class the engine exports to a code other than internal, keeping its message', () => {
    const unmapped = exportedErrorClasses
      .filter(([, type]) => !abstractBases.includes(type))
      .map(([name, type]) => ({ name, error: new type('test', 'test') }))
      .map(({ name, error }) => ({ name, envelope: toApiError(error), message: error.message }))
      .filter(({ envelope, message }) => envelope.code === 'internal' || envelope.message !== message)
      .map(({ name }) => name);
    expect(unmapped).toEqual([]);
  });

  it('sends a quota refusal as quota-exceeded with the engine message', () => {
    const error = new engine.QuotaNotEnoughError(engine.CodexTexts.quota);
    expect(toApiError(error)).toEqual({ code: 'quota-exceeded', message: 'Not enough storage quota' });
  });

  it('tells a wallet short of tokens apart from a market that is down or a contract that refuses', () => {
    const code = (name: engine.MarketErrorCode) => toApiError(new engine.MarketError(name, 'x')).code;
    expect(code('ERC20InsufficientBalance')).toBe('insufficient-funds');
    expect(code('MarketUnavailable')).toBe('unavailable');
    expect(new Set(engine.ContractErrorNames.map(code))).toEqual(new Set(['conflict']));
  });

  it('answers an unknown request as not-found and other sale endings as conflict', () => {
    expect(toApiError(new engine.SaleError('request-unknown', 'gone')).code).toBe('not-found');
    expect(toApiError(new engine.SaleError('host-mismatch', 'taken')).code).toBe('conflict');
  });

  it('keeps codes and details an api handler set itself, and sends everything else to internal', () => {
    expect(toApiError(new ApiFailure('not-found', 'no slot', { slotId: '0x1' }))).toEqual({
      code: 'not-found',
      message: 'no slot',
      details: { slotId: '0x1' },
    });
    expect(toApiError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toApiError('a string')).toEqual({ code: 'internal', message: 'a string' });
    // A foreign error that happens to carry an engine-like code field is not trusted.
    expect(toApiError(Object.assign(new Error('x'), { code: 'not-found' })).code).toBe('internal');
  });
});
