// The Codex-compatible REST api under /api/codex/v1, transport-free: a request in, a status and a
// body out. Paths, JSON shapes, status codes and plain-text error bodies follow Codex
// (docs/reference/sales.md §7, docs/reference/marketplace.md §6) so Codex's SDK and scripts work unchanged.
import type { AvailabilityPatch } from '../../engine/index';
import { toApiError, type ApiErrorCode } from '../errors';
import { availabilityJson, reservationJson, storageRequestJson } from './codex-shapes';
import { CodexParseError, readBool, readI64, readObject, readU256, readU64 } from './codex-json';
import { checkMethod, json, text, type RestResponse, type RouteTable } from './routes';
import type { CodexRestSource } from './source';

export type { RestResponse } from './routes';

/** The prefix every route lives under. */
export const CODEX_API_PREFIX = '/api/codex/v1';

const routes: RouteTable = {
  '/sales/availability': ['GET', 'POST'],
  '/sales/availability/:id': ['PATCH'],
  '/sales/availability/:id/reservations': ['GET'],
  '/sales/slots': ['GET'],
  '/sales/slots/:id': ['GET'],
  '/space': ['GET'],
};

/** Normalises an id given with or without 0x; undefined when it is not 32 bytes of hex. */
function readId(raw: string): string | undefined {
  const hex = raw.toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? `0x${hex}` : undefined;
}

/**
 * Codex's status for each api code: its texts with 422 for rule violations (the quota included),
 * 404 for unknown ids, 500 for the rest. The code comes from the one error table (../errors.ts).
 */
const restStatus: Record<ApiErrorCode, number> = {
  'invalid-argument': 422,
  'quota-exceeded': 422,
  'insufficient-funds': 500,
  'unknown-command': 404,
  'not-found': 404,
  conflict: 500,
  unauthorized: 401,
  unavailable: 500,
  busy: 503,
  internal: 500,
};

/** Maps a failure to Codex's status and plain-text body (the engine's message, Codex's text where it has one). */
function fromError(error: unknown): RestResponse {
  if (error instanceof CodexParseError) return text(400, error.message);
  const { code, message } = toApiError(error);
  return text(restStatus[code], message);
}

function readPatch(body: ReturnType<typeof readObject>): AvailabilityPatch {
  const patch: { -readonly [K in keyof AvailabilityPatch]: AvailabilityPatch[K] } = {};
  if ('totalSize' in body) patch.totalSize = readU64(body, 'totalSize');
  if ('freeSize' in body) patch.freeSize = readU64(body, 'freeSize');
  if ('duration' in body) patch.duration = readU64(body, 'duration');
  if ('minPricePerBytePerSecond' in body) patch.minPricePerBytePerSecond = readU256(body, 'minPricePerBytePerSecond');
  if ('totalCollateral' in body) patch.totalCollateral = readU256(body, 'totalCollateral');
  if ('enabled' in body) patch.enabled = readBool(body, 'enabled', true);
  if ('until' in body) patch.until = Number(readI64(body, 'until'));
  return patch;
}

/** Answers one REST request; `path` is the part after /api/codex/v1. Never throws. */
export async function handleCodexRest(
  source: CodexRestSource,
  method: string,
  path: string,
  body: string,
): Promise<RestResponse> {
  try {
    const parts = path.split('/').filter(Boolean);
    const template = `/${parts.map((p, i) => (i === 2 && parts[0] === 'sales' ? ':id' : p)).join('/')}`;
    const refused = checkMethod(routes, template, method, CODEX_API_PREFIX);
    if (refused) return refused;
    switch (`${method} ${template}`) {
      case 'GET /sales/availability':
        return json(200, source.listAvailabilities().map(availabilityJson));
      case 'POST /sales/availability': {
        const input = readObject(body);
        const created = await source.createAvailability({
          totalSize: readU64(input, 'totalSize'),
          duration: readU64(input, 'duration'),
          minPricePerBytePerSecond: readU256(input, 'minPricePerBytePerSecond'),
          totalCollateral: readU256(input, 'totalCollateral'),
          enabled: readBool(input, 'enabled', true),
          until: Number(readI64(input, 'until')),
        });
        return json(201, availabilityJson(created));
      }
      case 'PATCH /sales/availability/:id': {
        const id = readId(parts[2]!);
        if (!id) return text(400, `Cannot decode availability id ${parts[2]}`);
        await source.updateAvailability(id, readPatch(readObject(body)));
        return { status: 204, body: '' };
      }
      case 'GET /sales/availability/:id/reservations': {
        const id = readId(parts[2]!);
        if (!id) return text(400, `Cannot decode availability id ${parts[2]}`);
        return json(200, source.listReservations(id).map(reservationJson));
      }
      case 'GET /sales/slots': {
        const slots = await source.activeSlots();
        return json(
          200,
          slots.map((s) => ({ id: s.id, request: storageRequestJson(s.requestId, s.request), slotIndex: s.slotIndex })),
        );
      }
      case 'GET /sales/slots/:id': {
        const id = readId(parts[2]!);
        if (!id) return text(400, `Cannot decode slot id ${parts[2]}`);
        const agent = source.slotAgent(id);
        if (!agent) return text(404, 'Provider not filling slot');
        return json(200, {
          state: agent.state,
          requestId: agent.requestId,
          slotIndex: agent.slotIndex,
          request: agent.request ? storageRequestJson(agent.request.id, agent.request.value) : null,
          reservation: agent.reservation ? reservationJson(agent.reservation) : null,
        });
      }
      case 'GET /space': {
        const space = source.space();
        return json(200, space);
      }
      default:
        return text(404, `No route ${method} ${CODEX_API_PREFIX}${path}`);
    }
  } catch (error) {
    return fromError(error);
  }
}
