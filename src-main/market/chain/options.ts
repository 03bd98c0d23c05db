// The `--market chain` flags (DESIGN.md, Fixed outside interfaces), validated into typed options or
// one line the operator can act on. The CLI merges CHAIN_FLAGS into its own parseArgs spec and hands
// the values here.
import { getAddress, parseUnits } from 'ethers';
import { z } from 'zod';

/** parseArgs option specs of the chain flags. */
export const CHAIN_FLAGS = {
  'rpc-url': { type: 'string' },
  'ws-url': { type: 'string' },
  marketplace: { type: 'string' },
  'eth-private-key': { type: 'string' },
  wallet: { type: 'string' },
  'wallet-password-file': { type: 'string' },
  'from-block': { type: 'string' },
  confirmations: { type: 'string' },
  'max-fee-gwei': { type: 'string' },
} as const;

/** The raw flag values, as parseArgs returns them. */
export type ChainFlagValues = Partial<Record<keyof typeof CHAIN_FLAGS, string | undefined>>;

/** Where the host's key comes from. */
export type SignerOption =
  | { readonly kind: 'private-key'; readonly file: string }
  | { readonly kind: 'keystore'; readonly file: string; readonly passwordFile?: string };

/** Validated chain options. */
export interface ChainOptions {
  readonly rpcUrl: string;
  readonly wsUrl?: string;
  /** Lowercase. */
  readonly marketplace: string;
  readonly signer: SignerOption;
  readonly fromBlock?: number;
  /** Blocks on top of an event or receipt before it counts, itself included (1 = mined). */
  readonly confirmations: number;
  /** The cap on maxFeePerGas, in wei. */
  readonly maxFeePerGas?: bigint;
}

const url = (flag: string, schemes: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `${flag} must be a ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL, for example ${flag} ${schemes[0]}//127.0.0.1:8545`,
  );
const whole = (flag: string, min: number, max: number, example: string) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} must be a whole number, for example ${flag} ${example}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${flag} must be between ${min} and ${max}`);

const schema = z.object({
  rpcUrl: z
    .string({ message: '--market chain needs --rpc-url URL (the chain’s JSON-RPC endpoint)' })
    .pipe(url('--rpc-url', ['http:', 'https:'])),
  wsUrl: url('--ws-url', ['ws:', 'wss:']).optional(),
  marketplace: z
    .string({ message: '--market chain needs --marketplace ADDRESS (the Marketplace contract)' })
    .refine((v) => {
      try {
        return /^0x[0-9a-fA-F]{40}$/.test(v) && getAddress(v) !== undefined;
      } catch {
        return false;
      }
    }, '--marketplace must be a contract address: 0x and 40 hex digits (with a valid checksum if mixed case)')
    .transform((v) => v.toLowerCase()),
  privateKey: z.string().min(1).optional(),
  wallet: z.string().min(1).optional(),
  passwordFile: z.string().min(1).optional(),
  fromBlock: whole('--from-block', 0, Number.MAX_SAFE_INTEGER, '19000000').optional(),
  confirmations: whole('--confirmations', 1, 100, '3').default(1),
  maxFeeGwei: z
    .string()
    .regex(/^\d+(\.\d{1,9})?$/, '--max-fee-gwei must be a positive number of gwei, for example --max-fee-gwei 50')
    .transform((g) => parseUnits(g, 'gwei'))
    .refine((wei) => wei > 0n, '--max-fee-gwei must be greater than 0')
    .optional(),
});

/** The options, or one line saying what is wrong. */
export type ChainOptionsResult = { ok: true; options: ChainOptions } | { ok: false; message: string };

/** Validates the chain flags; never throws. */
export function parseChainOptions(values: ChainFlagValues): ChainOptionsResult {
  const parsed = schema.safeParse({
    rpcUrl: values['rpc-url'],
    wsUrl: values['ws-url'],
    marketplace: values.marketplace,
    privateKey: values['eth-private-key'],
    wallet: values.wallet,
    passwordFile: values['wallet-password-file'],
    fromBlock: values['from-block'],
    confirmations: values.confirmations,
    maxFeeGwei: values['max-fee-gwei'],
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const o = parsed.data;
  if ((o.privateKey === undefined) === (o.wallet === undefined)) {
    return { ok: false, message: '--market chain needs exactly one of --eth-private-key FILE or --wallet FILE' };
  }
  if (o.passwordFile !== undefined && o.wallet === undefined) {
    return { ok: false, message: '--wallet-password-file goes with --wallet FILE' };
  }
  const signer: SignerOption =
    o.privateKey !== undefined
      ? { kind: 'private-key', file: o.privateKey }
      : { kind: 'keystore', file: o.wallet!, ...(o.passwordFile ? { passwordFile: o.passwordFile } : {}) };
  return {
    ok: true,
    options: {
      rpcUrl: o.rpcUrl,
      ...(o.wsUrl ? { wsUrl: o.wsUrl } : {}),
      marketplace: o.marketplace,
      signer,
      ...(o.fromBlock !== undefined ? { fromBlock: o.fromBlock } : {}),
      confirmations: o.confirmations,
      ...(o.maxFeeGwei !== undefined ? { maxFeePerGas: o.maxFeeGwei } : {}),
    },
  };
}
