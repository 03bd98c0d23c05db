// Control of a scriptable market under /api/devnet/v1 (README, "The devnet API"), so tests and demos
// can post requests and move the chain clock.
import { CodexParseError, readObject, readU256, readU64 } from './codex-json';
import { checkMethod, json, text, type RestResponse, type RouteTable } from './routes';

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

const routes: RouteTable = {
  '/clock': ['GET'],
  '/clock/advance': ['POST'],
  '/requests': ['POST'],
  '/requests/:id': ['GET'],
  '/host': ['GET'],
};

const BLOCK = 65_536n;
/**
 * Sizes a devnet request may ask for, checked before any work. A simulated client generates and
 * hashes the whole dataset (slots × slotSize) when it posts, and the host downloads and proves it
 * on the same machine: a slot is a power-of-two number of 64 KiB blocks (Codex pads slot trees to
 * a power of two), at most 1 GiB, at most 256 slots, and the dataset at most 4 GiB, which hashes
 * in seconds rather than hours.
 */
export const DEVNET_REQUEST_LIMITS = { maxSlots: 256n, maxSlotSize: 1n << 30n, maxDatasetBytes: 4n << 30n } as const;

/** Why a request's sizes are refused, or undefined when they fit. */
export function devnetSizeProblem(slots: bigint, slotSize: bigint): string | undefined {
  const { maxSlots, maxSlotSize, maxDatasetBytes } = DEVNET_REQUEST_LIMITS;
  if (slots < 1n || slots > maxSlots) return `slots must be between 1 and ${maxSlots}, got ${slots}`;
  const blocks = slotSize / BLOCK;
  if (slotSize % BLOCK !== 0n || blocks === 0n || (blocks & (blocks - 1n)) !== 0n || slotSize > maxSlotSize) {
    return `slotSize must be 65536 bytes (one 64 KiB block) times a power of two, at most ${maxSlotSize} (1 GiB), for example 1048576; got ${slotSize}`;
  }
  if (slots * slotSize > maxDatasetBytes) {
    return `slots × slotSize must be at most ${maxDatasetBytes} bytes (4 GiB) on the devnet, got ${slots * slotSize}`;
  }
  return undefined;
}

// Sources whose clock is being advanced right now: a second advance must wait for the first.
const advancing = new WeakSet<DevnetSource>();

/** Answers one devnet request; `path` is the part after /api/devnet/v1. Never throws. */
export async function handleDevnetRest(
  source: DevnetSource,
  method: string,
  path: string,
  body: string,
): Promise<RestResponse> {
  try {
    const parts = path.split('/').filter(Boolean);
    const template = parts[0] === 'requests' && parts.length === 2 ? '/requests/:id' : `/${parts.join('/')}`;
    const refused = checkMethod(routes, template, method, DEVNET_API_PREFIX);
    if (refused) return refused;
    if (method === 'GET' && template === '/clock') return json(200, { now: source.now() });
    if (method === 'POST' && template === '/clock/advance') {
      const seconds = readU64(readObject(body), 'seconds');
      if (seconds > 10n ** 9n) return text(422, 'seconds must be at most 1000000000');
      if (advancing.has(source)) {
        return text(409, 'The clock is already being advanced; send the next advance after the previous one answers');
      }
      advancing.add(source);
      try {
        return json(200, { now: await source.advance(Number(seconds)) });
      } finally {
        advancing.delete(source);
      }
    }
    if (method === 'POST' && template === '/requests') {
      const input = readObject(body);
      const slots = readU64(input, 'slots');
      const slotSize = readU64(input, 'slotSize');
      const problem = devnetSizeProblem(slots, slotSize);
      if (problem) return text(422, problem);
      const requestId = await source.postRequest({
        slots,
        slotSize,
        duration: readU64(input, 'duration'),
        pricePerBytePerSecond: readU256(input, 'pricePerBytePerSecond'),
        collateralPerByte: readU256(input, 'collateralPerByte'),
        proofProbability: readU256(input, 'proofProbability'),
        maxSlotLoss: readU64(input, 'maxSlotLoss'),
        expiry: readU64(input, 'expiry'),
      });
      return json(201, { requestId });
    }
    if (method === 'GET' && template === '/requests/:id') {
      const id = parts[1]!.toLowerCase();
      if (!/^0x[0-9a-f]{64}$/.test(id)) return text(400, `Cannot decode request id ${parts[1]}`);
      const request = await source.request(id);
      return request ? json(200, request) : text(404, 'Unknown request');
    }
    if (method === 'GET' && template === '/host') {
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
