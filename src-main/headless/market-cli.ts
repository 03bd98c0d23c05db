// The market flags of the headless host: --market sim|devnet|chain, the chain's fixed interface
// (market/chain/options.ts validates it), the devnet's knobs, and the wallet commands that create
// or import the host's encrypted keystore and exit. cli.ts merges MARKET_FLAGS into its spec and
// hands the values here.
import { join } from 'node:path';
import type { ChainSettings } from '../api/chain-settings-rules';
import { CHAIN_FLAGS, KEYSTORE_FILE, parseChainOptions, type ChainOptions } from '../market/index';

/** parseArgs specs of the market and wallet flags. */
export const MARKET_FLAGS = {
  market: { type: 'string' },
  ...CHAIN_FLAGS,
  'devnet-rate': { type: 'string' },
  'devnet-competitors': { type: 'string' },
  'wallet-create': { type: 'string' },
  'wallet-import': { type: 'string' },
} as const;

/** The raw values of those flags. */
export type MarketFlagValues = Partial<Record<keyof typeof MARKET_FLAGS, string | undefined>>;

/** The market to sell on, validated. */
export type MarketSelection =
  | { readonly kind: 'sim' }
  | { readonly kind: 'devnet'; readonly rate?: number; readonly competitors?: number }
  | { readonly kind: 'chain'; readonly chain: ChainOptions };

/** A wallet command: write a keystore and exit. */
export type WalletCommand =
  | { readonly kind: 'create'; readonly file: string; readonly passwordFile?: string }
  | { readonly kind: 'import'; readonly keyFile: string; readonly file?: string; readonly passwordFile?: string };

/** What the market flags say, or one line for the operator. */
export type MarketFlagsResult =
  { ok: true; market: MarketSelection; wallet?: WalletCommand } | { ok: false; message: string };

/** What `--help` prints about markets and the wallet. */
export const MARKET_USAGE = `  --market sim|devnet|chain
                         the market to sell on: the embedded simulated marketplace (default),
                         a local EVM devnet in this process (development installs only), or a
                         real chain's Marketplace contract
  --devnet-rate R        requests per hour the devnet's simulated clients post (default 6)
  --devnet-competitors N other hosts on the devnet (default 2)
  --rpc-url URL          (chain) the chain's JSON-RPC endpoint, http(s)://
  --ws-url URL           (chain) its WebSocket endpoint for events, ws(s)://; else HTTP polling
  --marketplace ADDRESS  (chain) the Marketplace contract
  --eth-private-key FILE (chain) the host's key: 0x and 64 hex digits, file mode 0600
  --wallet FILE          (chain) the host's key in an encrypted JSON keystore instead
  --wallet-password-file FILE
                         the keystore's password (mode 0600); else SLOTKEEPER_WALLET_PASSWORD
  --from-block N         (chain) first block to read events from on a new data folder
  --confirmations N      (chain) blocks before an event or a receipt counts (default 1)
  --max-fee-gwei G       (chain) the highest fee per gas the host pays
                         (--rpc-url, --ws-url, --marketplace and --wallet not given are taken
                         from the chain options saved in Settings)
  --wallet-create FILE   write a new key to the encrypted keystore FILE, print its address, exit
  --wallet-import KEYFILE
                         encrypt the key in KEYFILE (0x + 64 hex, mode 0600) into --wallet FILE
                         (default DATA/${KEYSTORE_FILE}), print its address, exit`;

const count = (flag: string, value: string | undefined, max: number): number | string | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) return `${flag} must be a whole number from 0 to ${max}`;
  return Number(value);
};

/**
 * Validates the market and wallet flags; never throws. `simFlags` names the --sim-* flags given;
 * `saved` (the chain options kept in Settings) fills in the --market chain flags not given.
 */
export function parseMarketFlags(
  values: MarketFlagValues,
  simFlags: readonly string[] = [],
  saved?: () => ChainSettings | undefined,
): MarketFlagsResult {
  const kind = values.market ?? 'sim';
  if (kind !== 'sim' && kind !== 'devnet' && kind !== 'chain') {
    return { ok: false, message: `--market must be sim, devnet or chain, not "${kind}"` };
  }
  const command = walletCommand(values);
  if (typeof command === 'string') return { ok: false, message: command };
  const wallet = command;
  const given = (flags: readonly string[]) => flags.filter((f) => values[f as keyof MarketFlagValues] !== undefined);
  // --wallet names the keystore an import writes; the password file serves both.
  const chainFlags = given(Object.keys(CHAIN_FLAGS)).filter(
    (f) => f !== 'wallet-password-file' && !(f === 'wallet' && wallet?.kind === 'import'),
  );
  const devnetFlags = given(['devnet-rate', 'devnet-competitors']);
  const misplaced = (
    [
      [kind !== 'sim' ? simFlags : [], 'sim'],
      [kind !== 'devnet' ? devnetFlags : [], 'devnet'],
      [kind !== 'chain' ? chainFlags : [], 'chain'],
    ] as const
  ).find(([flags]) => flags.length > 0);
  if (misplaced) return { ok: false, message: `--${misplaced[0][0]} goes with --market ${misplaced[1]}` };
  let market: MarketSelection;
  if (kind === 'chain') {
    if (wallet) return { ok: false, message: `--wallet-${wallet.kind} runs alone; start --market chain afterwards` };
    const parsed = parseChainOptions(withSaved(values, saved?.()));
    if (!parsed.ok) return parsed;
    market = { kind: 'chain', chain: parsed.options };
  } else if (kind === 'devnet') {
    const rate = values['devnet-rate'];
    if (rate !== undefined && !/^\d+(\.\d+)?$/.test(rate))
      return { ok: false, message: '--devnet-rate must be a number of requests per hour, 0 or more' };
    const competitors = count('--devnet-competitors', values['devnet-competitors'], 8);
    if (typeof competitors === 'string') return { ok: false, message: competitors };
    market = {
      kind: 'devnet',
      ...(rate !== undefined ? { rate: Number(rate) } : {}),
      ...(competitors !== undefined ? { competitors } : {}),
    };
  } else market = { kind: 'sim' };
  return { ok: true, market, ...(wallet ? { wallet } : {}) };
}

/** The flags with the saved chain options for those not given (the key only when no key flag is). */
function withSaved(values: MarketFlagValues, saved: ChainSettings | undefined): MarketFlagValues {
  if (!saved) return values;
  const keyGiven = values['eth-private-key'] !== undefined || values.wallet !== undefined;
  return {
    ...values,
    'rpc-url': values['rpc-url'] ?? saved.rpcUrl,
    'ws-url': values['ws-url'] ?? (values['rpc-url'] === undefined ? saved.wsUrl : undefined),
    marketplace: values.marketplace ?? saved.marketplace,
    ...(keyGiven ? {} : { wallet: saved.keystore }),
  };
}

function walletCommand(values: MarketFlagValues): WalletCommand | string | undefined {
  const create = values['wallet-create'];
  const keyFile = values['wallet-import'];
  const passwordFile = values['wallet-password-file'];
  const password = passwordFile !== undefined ? { passwordFile } : {};
  if (create !== undefined && keyFile !== undefined)
    return '--wallet-create and --wallet-import cannot be used together';
  if (create !== undefined) {
    if (values.wallet !== undefined) return '--wallet-create names the keystore to write; leave out --wallet';
    return create === ''
      ? '--wallet-create must name the keystore file to write'
      : { kind: 'create', file: create, ...password };
  }
  if (keyFile !== undefined) {
    if (keyFile === '') return '--wallet-import must name the file holding the key';
    return { kind: 'import', keyFile, ...(values.wallet !== undefined ? { file: values.wallet } : {}), ...password };
  }
  return undefined;
}

/** Where --wallet-import writes when --wallet does not say. */
export function defaultKeystorePath(dataDir: string): string {
  return join(dataDir, KEYSTORE_FILE);
}
