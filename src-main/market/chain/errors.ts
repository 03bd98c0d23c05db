// One decoder for every way a revert reaches the host (docs/reference/marketplace-abi.md, traps 9 and 10):
// ethers' decoded `revert` of a static call, the raw data of a failed estimateGas or JSON-RPC error,
// the token's OpenZeppelin errors (not in the Marketplace ABI), Solidity panics and Error(string).
// Transport failures become MarketUnavailable; anything else is not a market error and is rethrown.
import { AbiCoder, dataSlice, isHexString } from 'ethers';
import { ContractErrorNames, MarketError, type MarketErrorCode } from '../../engine/index';
import { marketplaceInterface, tokenInterface } from './abi';

const PANIC = '0x4e487b71';
const ERROR_STRING = '0x08c379a0';
const known = new Set<string>(ContractErrorNames);

/** Solidity's panic codes, in words. */
const PANICS: Record<number, string> = {
  0x01: 'assertion failed',
  0x11: 'arithmetic overflow or underflow',
  0x12: 'division by zero',
  0x21: 'invalid enum value',
  0x22: 'invalid storage byte array',
  0x31: 'pop on an empty array',
  0x32: 'array index out of bounds',
  0x41: 'out of memory',
  0x51: 'call to an uninitialised function',
};

/** The revert data carried somewhere inside an ethers or JSON-RPC error, if any. */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | undefined => {
    if (depth > 5 || value === null || typeof value !== 'object' || seen.has(value)) return undefined;
    seen.add(value);
    const v = value as Record<string, unknown>;
    if (typeof v.data === 'string' && isHexString(v.data) && v.data.length >= 10) return v.data;
    for (const key of ['data', 'error', 'info', 'cause', 'payload']) {
      const found = visit(v[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}

/** The MarketError for revert `data`, or undefined when `data` holds no revert reason. */
export function decodeRevertData(data: string | undefined, context: string): MarketError | undefined {
  if (!data || data === '0x' || data.length < 10) return undefined;
  const selector = dataSlice(data, 0, 4);
  if (selector === PANIC) {
    const code = Number(AbiCoder.defaultAbiCoder().decode(['uint256'], dataSlice(data, 4))[0]);
    return new MarketError('Panic', `${context}: panic 0x${code.toString(16)} (${PANICS[code] ?? 'unknown panic'})`, {
      code,
    });
  }
  if (selector === ERROR_STRING) {
    const [reason] = AbiCoder.defaultAbiCoder().decode(['string'], dataSlice(data, 4)) as unknown as [string];
    return new MarketError('Reverted', `${context}: reverted with "${reason}"`, { reason });
  }
  for (const iface of [marketplaceInterface, tokenInterface]) {
    const parsed = iface.parseError(data);
    if (!parsed) continue;
    const details = Object.fromEntries(parsed.fragment.inputs.map((input, i) => [input.name, parsed.args[i]]));
    const shown = Object.entries(details)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    return new MarketError(parsed.name as MarketErrorCode, `${context}${shown ? ` (${shown})` : ''}`, details);
  }
  return new MarketError('Reverted', `${context}: reverted with an unknown error ${selector}`, { selector });
}

const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TIMEOUT',
  'SERVER_ERROR',
  'NETWORK_ERROR',
]);

/** True for failures of the connection or the node (refused, reset, timed out, 5xx, 429), not of the call. */
export function isTransportError(error: unknown): boolean {
  if (error instanceof MarketError) return error.code === 'MarketUnavailable';
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && TRANSPORT_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/socket hang up|fetch failed|websocket (closed|not open)|provider destroyed|other side closed/i.test(message))
    return true;
  return e.cause !== undefined && e.cause !== error && isTransportError(e.cause);
}

/** The first line of an error's message, with ethers' request dump cut off. */
export function shortMessage(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown } | null;
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : String(e?.message ?? error);
  return text.split('\n')[0]!.replace(/\s*\((?:request|code|action|transaction|info)=.*$/, '');
}

/**
 * `error` as a MarketError when it is a revert (decoded) or a transport failure; undefined when it
 * is neither, so the caller rethrows it unchanged.
 */
export function toMarketError(error: unknown, context: string): MarketError | undefined {
  if (error instanceof MarketError) return error;
  const revert = (error as { revert?: { name?: string; args?: unknown[] } } | null)?.revert;
  if (revert?.name && known.has(revert.name)) return new MarketError(revert.name as MarketErrorCode, context);
  const decoded = decodeRevertData(revertDataOf(error), context);
  if (decoded) return decoded;
  if (isTransportError(error)) return new MarketError('MarketUnavailable', `${context}: ${shortMessage(error)}`);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CALL_EXCEPTION') return new MarketError('Reverted', `${context}: reverted without a reason`);
  return undefined;
}

/**
 * An endpoint as messages show it: scheme, host and port only. RPC providers put API keys in the
 * path, the query or the user part, and those are secrets.
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search !== '' || u.username !== '' || u.password !== '';
    return `${u.protocol}//${u.host}${hidden ? '/…' : ''}`;
  } catch {
    return '(an invalid URL)';
  }
}
