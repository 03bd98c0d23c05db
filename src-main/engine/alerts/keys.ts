// Every alert key, in one place: a key names the condition, so raising it again counts a repeat
// instead of adding a row. Per-slot keys carry the slot id; the others are one per host.

/** The alert keys the engine and its hosts raise. */
export const AlertKeys = {
  /** The quota's unwritten part is larger than the disk's free space. */
  diskBelowQuota: 'disk-below-quota',
  /** The proof system cannot prove (circuit files missing or broken). */
  circuitFilesMissing: 'circuit-files-missing',
  /** A write to the data folder (slot data, databases, settings) failed. */
  dataFolderUnwritable: 'data-folder-unwritable',
  /** The token balance is below the operator's threshold. */
  walletLowTokens: 'wallet-low-tokens',
  /** The gas balance is below the operator's threshold (markets with gas only). */
  walletLowGas: 'wallet-low-gas',
  /** The chain's RPC endpoint does not answer. */
  chainUnreachable: 'chain-unreachable',
  /** No peer of the data plane can be reached. */
  peersUnreachable: 'peers-unreachable',
  /** Proofs were built or submitted too late for their period: the host cannot keep up. */
  proofsLate: 'proofs-late',
  /** A slot of ours missed proofs and was slashed (or lost): `proofs-missed:<slotId>`. */
  proofsMissed: (slotId: string): string => `proofs-missed:${slotId}`,
  /** Sales ended in an error, one alert per kind of error: `sale-errored:<code>`. */
  saleErrored: (code: string): string => `sale-errored:${code}`,
} as const;
