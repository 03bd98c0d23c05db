// The headless command line: the flags the README promises, each validated with a message that says
// what to type instead.
import { NETWORK_FLAGS, NETWORK_USAGE, networkFlagValues, networkOptionsField, networkWithSaved } from './network-cli';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseByteSize } from '../api/byte-size';
import { PROOF_FLAGS, PROOF_USAGE, proofFlagValues, proofOptionsShape } from './cli-proofs';
import type { ChainSettings } from '../api/chain-settings-rules';
import type { NetworkSettings } from '../api/network-settings-rules';
import { MARKET_FLAGS, MARKET_USAGE, parseMarketFlags, type MarketSelection, type WalletCommand } from './market-cli';

/** The port the dashboard listens on unless --port says otherwise; 0 picks a free one. */
export const DEFAULT_PORT = 8475;

const decimalInteger = (flag: string) =>
  z.string().regex(/^\d+$/, `${flag} must be a whole number, for example ${flag} 100`);

const optionsSchema = z.object({
  dataDir: z.string().min(1, '--data-dir must name a folder').optional(),
  host: z.string().min(1, '--host must name an address, for example --host 127.0.0.1').default('127.0.0.1'),
  port: decimalInteger('--port')
    .transform(Number)
    .pipe(z.number().max(65535, '--port must be between 0 and 65535'))
    .default(DEFAULT_PORT),
  token: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{16,256}$/, '--token must be 16–256 characters of letters, digits, ".", "_", "~" or "-"')
    .optional(),
  quota: z
    .string()
    .transform((text, ctx) => {
      const size = parseByteSize(text);
      if (size.ok) return size.bytes;
      ctx.addIssue({ code: 'custom', message: `--quota: ${size.message}, for example --quota 70GiB` });
      return z.NEVER;
    })
    .optional(),
  simSeed: decimalInteger('--sim-seed').transform(Number).optional(),
  simSpeed: z
    .string()
    .regex(/^\d+(\.\d+)?$/, '--sim-speed must be a positive number, for example --sim-speed 10')
    .transform(Number)
    .pipe(z.number().positive('--sim-speed must be greater than 0'))
    .default(1),
  simRate: z
    .string()
    .regex(/^\d+(\.\d+)?$/, '--sim-rate must be a number of requests per hour of chain time, 0 or more')
    .transform(Number)
    .optional(),
  simCompetitors: decimalInteger('--sim-competitors').transform(Number).optional(),
  allowedHosts: z
    .array(
      z
        .string()
        .regex(
          /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/,
          '--allowed-host must be a host name or address, optionally with :PORT, for example --allowed-host node.example.org',
        ),
    )
    .default([]),
  backup: z.string().min(1, '--backup must name the file to write').optional(),
  restore: z.string().min(1, '--restore must name a backup file').optional(),
  help: z.boolean().default(false),
  ...proofOptionsShape,
  network: networkOptionsField,
});

/** What `--help` prints. */
export const USAGE = `Usage: npm run headless -- [options]

  --data-dir DIR         the data folder (default: the desktop app's)
  --host ADDRESS         address to listen on (default 127.0.0.1; any other needs --token)
  --port N               port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --token T              the api token (default: generated once, kept in the data folder)
  --allowed-host NAME    also answer to this Host name, e.g. a reverse proxy's (repeatable);
                         127.0.0.1, localhost, [::1] and the --host address always work
  --quota SIZE           the repo quota, e.g. 70GiB, 500GB, 2TiB or bytes (default 20 GiB;
                         remembered; changeable later in Settings)
${MARKET_USAGE}
  --sim-seed N           fix the simulated market's randomness
  --sim-speed X          run chain time X times faster than wall time
  --sim-rate R           requests per hour of chain time the simulated clients post (default 60)
  --sim-competitors N    other hosts competing for slots (default 3)
${PROOF_USAGE}
  --backup FILE          write a backup of the data folder's databases and wallet keystores to
                         FILE and exit (works while another Slotkeeper runs on the folder)
  --restore FILE         restore a backup into the data folder and exit (the host must be
                         stopped; the backup is checked first, the current files are moved aside)
${NETWORK_USAGE}
  --help                 print this and exit`;

/** Parsed, validated headless options. */
export type HeadlessOptions = z.infer<typeof optionsSchema> & {
  /** Which market, with its options; `market` is its kind. */
  readonly market: MarketSelection['kind'];
  readonly selection: MarketSelection;
  /** A wallet command to run instead of the host. */
  readonly wallet?: WalletCommand;
};

/** The result of reading the command line: options, or one message for the operator. */
export type CliResult = { ok: true; options: HeadlessOptions } | { ok: false; message: string };

function readFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      quota: { type: 'string' },
      ...MARKET_FLAGS,
      'sim-seed': { type: 'string' },
      'sim-speed': { type: 'string' },
      'sim-rate': { type: 'string' },
      'sim-competitors': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      backup: { type: 'string' },
      restore: { type: 'string' },
      help: { type: 'boolean' },
      ...PROOF_FLAGS,
      ...NETWORK_FLAGS,
    },
  }).values;
}

/**
 * Reads and validates headless flags; never throws. `savedChain` and `savedNetwork` read the data
 * folder's saved chain and network options (used by the real markets for every flag not given).
 */
export function parseHeadlessArgs(
  argv: string[],
  savedChain?: (dataDir: string | undefined) => ChainSettings | undefined,
  savedNetwork?: (dataDir: string | undefined) => NetworkSettings | undefined,
): CliResult {
  let values: ReturnType<typeof readFlags>;
  try {
    values = readFlags(argv);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse({
    dataDir: values['data-dir'],
    host: values.host,
    port: values.port,
    token: values.token,
    quota: values.quota,
    simSeed: values['sim-seed'],
    simSpeed: values['sim-speed'],
    simRate: values['sim-rate'],
    simCompetitors: values['sim-competitors'],
    allowedHosts: values['allowed-host'],
    backup: values.backup,
    restore: values.restore,
    help: values.help,
    ...proofFlagValues(values),
    network: networkFlagValues(values),
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  if (parsed.data.backup !== undefined && parsed.data.restore !== undefined) {
    return { ok: false, message: '--backup and --restore cannot be used together' };
  }
  const simFlags = ['sim-seed', 'sim-speed', 'sim-rate', 'sim-competitors'].filter(
    (f) => values[f as keyof typeof values] !== undefined,
  );
  const market = parseMarketFlags(values, simFlags, savedChain && (() => savedChain(parsed.data.dataDir)));
  if (!market.ok) return market;
  // The simulated market has no data plane: Settings → Network counts only where one starts.
  const network =
    market.market.kind === 'sim' || !savedNetwork
      ? { ok: true as const, options: parsed.data.network }
      : networkWithSaved(networkFlagValues(values), savedNetwork(parsed.data.dataDir));
  if (!network.ok) return network;
  return {
    ok: true,
    options: {
      ...parsed.data,
      network: network.options,
      market: market.market.kind,
      selection: market.market,
      ...(market.wallet ? { wallet: market.wallet } : {}),
    },
  };
}
