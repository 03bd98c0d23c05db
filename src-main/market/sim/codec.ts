// Row encodings of the chain's records: JSON with every bigint as a decimal string, written by hand
// (no replacer walk) because write-through runs for every transaction. A request's immutable body
// is encoded once and reused on every later write of its mutable context.
import type { StorageAsk, StorageRequest } from '../../engine/index';
import type { RequestRecord, SlotRecord } from './state';

const bodies = new WeakMap<StorageRequest, string>();

function askJson(a: StorageAsk): string {
  return `{"proofProbability":"${a.proofProbability}","pricePerBytePerSecond":"${a.pricePerBytePerSecond}","collateralPerByte":"${a.collateralPerByte}","slots":"${a.slots}","slotSize":"${a.slotSize}","duration":"${a.duration}","maxSlotLoss":"${a.maxSlotLoss}"}`;
}

function askFrom(a: Record<keyof StorageAsk, string>): StorageAsk {
  return {
    proofProbability: BigInt(a.proofProbability),
    pricePerBytePerSecond: BigInt(a.pricePerBytePerSecond),
    collateralPerByte: BigInt(a.collateralPerByte),
    slots: BigInt(a.slots),
    slotSize: BigInt(a.slotSize),
    duration: BigInt(a.duration),
    maxSlotLoss: BigInt(a.maxSlotLoss),
  };
}

function bodyJson(r: StorageRequest): string {
  let body = bodies.get(r);
  if (!body) {
    body = `{"client":"${r.client}","ask":${askJson(r.ask)},"content":${JSON.stringify(r.content)},"expiry":"${r.expiry}","nonce":"${r.nonce}"}`;
    bodies.set(r, body);
  }
  return body;
}

/** A request record as its row's JSON. */
export function encodeRequestRecord(r: RequestRecord): string {
  return `{"id":"${r.id}","request":${bodyJson(r.request)},"state":"${r.state}","fundsToReturnToClient":"${r.fundsToReturnToClient}","slotsFilled":"${r.slotsFilled}","startedAt":${r.startedAt},"endsAt":${r.endsAt},"expiresAt":${r.expiresAt},"listed":${r.listed},"createdBlock":${r.createdBlock}}`;
}

/** Inverse of encodeRequestRecord. */
export function decodeRequestRecord(text: string): RequestRecord {
  const o = JSON.parse(text);
  return {
    ...o,
    request: { ...o.request, ask: askFrom(o.request.ask), expiry: BigInt(o.request.expiry) },
    fundsToReturnToClient: BigInt(o.fundsToReturnToClient),
    slotsFilled: BigInt(o.slotsFilled),
  };
}

/** A slot record as its row's JSON. */
export function encodeSlotRecord(s: SlotRecord): string {
  return `{"id":"${s.id}","requestId":"${s.requestId}","slotIndex":"${s.slotIndex}","state":"${s.state}","filledAt":${s.filledAt},"currentCollateral":"${s.currentCollateral}","host":"${s.host}","listed":${s.listed},"startPeriod":${s.startPeriod},"missed":${s.missed}}`;
}

/** Inverse of encodeSlotRecord. */
export function decodeSlotRecord(text: string): SlotRecord {
  const o = JSON.parse(text);
  return { ...o, slotIndex: BigInt(o.slotIndex), currentCollateral: BigInt(o.currentCollateral) };
}

/** A history event payload (StorageRequested or SlotFilled) as JSON. */
export function encodeEventPayload(payload: {
  requestId: string;
  ask?: StorageAsk;
  expiry?: number;
  slotIndex?: bigint;
}): string {
  if (payload.ask)
    return `{"requestId":"${payload.requestId}","ask":${askJson(payload.ask)},"expiry":${payload.expiry}}`;
  return `{"requestId":"${payload.requestId}","slotIndex":"${payload.slotIndex}"}`;
}

/** Inverse of encodeEventPayload. */
export function decodeEventPayload(text: string): object {
  const o = JSON.parse(text);
  if (o.ask) return { ...o, ask: askFrom(o.ask) };
  return { ...o, slotIndex: BigInt(o.slotIndex) };
}
