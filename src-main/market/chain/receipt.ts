// Transaction receipts as the adapter needs them, parsed from JSON-RPC.

/** A mined transaction's outcome. */
export interface Receipt {
  readonly hash: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  /** 1 succeeded, 0 reverted. */
  readonly status: number;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
}

/** An eth_getTransactionReceipt result, or undefined for null (not mined). */
export function parseReceipt(raw: unknown): Receipt | undefined {
  if (raw === null || raw === undefined) return undefined;
  const r = raw as Record<string, string>;
  return {
    hash: String(r.transactionHash).toLowerCase(),
    blockNumber: Number(BigInt(r.blockNumber!)),
    blockHash: String(r.blockHash).toLowerCase(),
    status: Number(BigInt(r.status ?? '0x1')),
    gasUsed: BigInt(r.gasUsed ?? '0x0'),
    effectiveGasPrice: BigInt(r.effectiveGasPrice ?? '0x0'),
  };
}
