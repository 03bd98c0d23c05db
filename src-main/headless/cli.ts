// The headless command line: the flags the README promises, each validated with a message that says
// what to type instead.
import { parseArgs } from 'node:util';
import { z } from 'zod';

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
  quota: decimalInteger('--quota').transform(BigInt).optional(),
  market: z.enum(['sim'], { message: '--market must be "sim" (the embedded simulated marketplace)' }).default('sim'),
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
});

/** Parsed, validated headless options. */
export type HeadlessOptions = z.infer<typeof optionsSchema>;

/** The result of reading the command line: options, or one message for the operator. */
export type CliResult = { ok: true; options: HeadlessOptions } | { ok: false; message: string };

/** Reads and validates headless flags; never throws. */
export function parseHeadlessArgs(argv: string[]): CliResult {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        quota: { type: 'string' },
        market: { type: 'string' },
        'sim-seed': { type: 'string' },
        'sim-speed': { type: 'string' },
        'sim-rate': { type: 'string' },
        'sim-competitors': { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse({
    dataDir: values['data-dir'],
    host: values.host,
    port: values.port,
    token: values.token,
    quota: values.quota,
    market: values.market,
    simSeed: values['sim-seed'],
    simSpeed: values['sim-speed'],
    simRate: values['sim-rate'],
    simCompetitors: values['sim-competitors'],
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, options: parsed.data };
}
