// Between the port's shapes and the contract's ABI tuples. ethers returns every uint as bigint and
// nested structs as Results; uint8 config values and chain times become numbers, money stays bigint.
import { getAddress, hexlify, type Result } from 'ethers';
import {
  RequestStates,
  SlotStates,
  type MarketplaceConfig,
  type RequestState,
  type SlotState,
  type StorageAsk,
  type StorageRequest,
} from '../../engine/index';

/** The MarketplaceConfig tuple the constructor takes. */
export function configToTuple(config: MarketplaceConfig): unknown[] {
  const { collateral: c, proofs: p } = config;
  return [
    [c.repairRewardPercentage, c.maxNumberOfSlashes, c.slashPercentage, c.validatorRewardPercentage],
    [p.period, p.timeout, p.downtime, p.downtimeProduct, p.zkeyHash],
    [config.reservations.maxReservations],
    config.requestDurationLimit,
  ];
}

/** configuration()'s answer as the port's MarketplaceConfig. */
export function configFromResult(r: Result): MarketplaceConfig {
  const [c, p, res, limit] = r as unknown as [Result, Result, Result, bigint];
  return {
    collateral: {
      repairRewardPercentage: Number(c[0]),
      maxNumberOfSlashes: Number(c[1]),
      slashPercentage: Number(c[2]),
      validatorRewardPercentage: Number(c[3]),
    },
    proofs: {
      period: Number(p[0]),
      timeout: Number(p[1]),
      downtime: Number(p[2]),
      downtimeProduct: Number(p[3]),
      zkeyHash: String(p[4]),
    },
    reservations: { maxReservations: Number(res[0]) },
    requestDurationLimit: Number(limit),
  };
}

/** The Ask tuple in ABI order. */
export function askToTuple(ask: StorageAsk): bigint[] {
  return [
    ask.proofProbability,
    ask.pricePerBytePerSecond,
    ask.collateralPerByte,
    ask.slots,
    ask.slotSize,
    ask.duration,
    ask.maxSlotLoss,
  ];
}

/** An Ask tuple (from a call or an event) as the port's StorageAsk. */
export function askFromResult(r: Result | readonly unknown[]): StorageAsk {
  const v = Array.from(r as readonly unknown[], (x) => BigInt(x as bigint));
  return {
    proofProbability: v[0]!,
    pricePerBytePerSecond: v[1]!,
    collateralPerByte: v[2]!,
    slots: v[3]!,
    slotSize: v[4]!,
    duration: v[5]!,
    maxSlotLoss: v[6]!,
  };
}

/** The Request tuple in ABI order. */
export function requestToTuple(request: StorageRequest): unknown[] {
  return [
    request.client,
    askToTuple(request.ask),
    [request.content.cid, request.content.merkleRoot],
    request.expiry,
    request.nonce,
  ];
}

/** A Request tuple as the port's StorageRequest (addresses lowercase, bytes as 0x hex). */
export function requestFromResult(r: Result): StorageRequest {
  const content = r[2] as Result;
  return {
    client: getAddress(r[0] as string).toLowerCase(),
    ask: askFromResult(r[1] as Result),
    content: { cid: hexlify(content[0] as string), merkleRoot: hexlify(content[1] as string) },
    expiry: BigInt(r[3] as bigint),
    nonce: hexlify(r[4] as string),
  };
}

/** A RequestState enum value (uint8) by name. */
export function requestStateOf(value: bigint | number): RequestState {
  const state = RequestStates[Number(value)];
  if (state === undefined) throw new RangeError(`requestState ${value} is not a RequestState`);
  return state;
}

/** A SlotState enum value (uint8) by name. */
export function slotStateOf(value: bigint | number): SlotState {
  const state = SlotStates[Number(value)];
  if (state === undefined) throw new RangeError(`slotState ${value} is not a SlotState`);
  return state;
}
