// Control of a scriptable market under /api/devnet/v1 (README, "The devnet API"), so tests and demos
// can post requests and move the chain clock.
import { CodexParseError, readObject, readU256, readU64, stringifyCodexJson } from './codex-json';
import type { RestResponse } from './router';

/** The prefix every devnet route lives under. */
export const DEVNET_API_PREFIX = '/api/devnet/v1';

/** A storage request as a simulated client posts it. */
export interface DevnetRequestInput {
  slots: bigint;
  slotSize: bigint;
  duration: bigint;
  pricePerBytePerSecond: bigint;
  collateralPerByte: bigint;
  proofProbability: bigint;
  maxSlotLoss: bigint;
  /** Relative seconds. */
  expiry: bigint;
}

/** The simulator as the devnet api drives it. */
export interface DevnetSource {
  now(): number;
  advance(seconds: number): Promise<number>;
  /** Posts a request from a simulated client that serves its data; throws with the contract's error name on a revert. */
  postRequest(input: DevnetRequestInput): Promise<string>;
  request(
    id: string,
  ): Promise<{ state: string; slots: { slotIndex: number; state: string; host: string }[] } | undefined>;
  host(): Promise<{ address: string; balance: bigint }>;
}

const json = (status: number, value: unknown): RestResponse => ({
  status,
  contentType: 'application/json',
  body: stringifyCodexJson(value),
});
const text = (status: number, body: string): RestResponse => ({ status, contentType: 'text/plain', body });

/** Answers one devnet request; `path` is the part after /api/devnet/v1. Never throws. */
export async function handleDevnetRest(
  source: DevnetSource,
  method: string,
  path: string,
  body: string,
): Promise<RestResponse> {
  try {
    const parts = path.split('/').filter(Boolean);
    if (method === 'GET' && path === '/clock') return json(200, { now: source.now() });
    if (method === 'POST' && path === '/clock/advance') {
      const seconds = readU64(readObject(body), 'seconds');
      if (seconds > 10n ** 9n) return text(422, 'seconds must be at most 1000000000');
      return json(200, { now: await source.advance(Number(seconds)) });
    }
    if (method === 'POST' && path === '/requests') {
      const input = readObject(body);
      const requestId = await source.postRequest({
        slots: readU64(input, 'slots'),
        slotSize: readU64(input, 'slotSize'),
        duration: readU64(input, 'duration'),
        pricePerBytePerSecond: readU256(input, 'pricePerBytePerSecond'),
        collateralPerByte: readU256(input, 'collateralPerByte'),
        proofProbability: readU256(input, 'proofProbability'),
        maxSlotLoss: readU64(input, 'maxSlotLoss'),
        expiry: readU64(input, 'expiry'),
      });
      return json(201, { requestId });
    }
    if (method === 'GET' && parts[0] === 'requests' && parts.length === 2) {
      const id = parts[1]!.toLowerCase();
      if (!/^0x[0-9a-f]{64}$/.test(id)) return text(400, `Cannot decode request id ${parts[1]}`);
      const request = await source.request(id);
      return request ? json(200, request) : text(404, 'Unknown request');
    }
    if (method === 'GET' && path === '/host') {
      const host = await source.host();
      return json(200, { address: host.address, balance: host.balance.toString() });
    }
    return text(404, `No route ${method} ${DEVNET_API_PREFIX}${path}`);
  } catch (error) {
    if (error instanceof CodexParseError) return text(400, error.message);
    // Contract reverts carry the contract's error name; they are the caller's to fix.
    const name = (error as { name?: string }).name;
    if (error instanceof Error && name && name !== 'Error' && name !== 'TypeError') return text(422, error.message);
    return text(500, error instanceof Error ? error.message : String(error));
  }
}
