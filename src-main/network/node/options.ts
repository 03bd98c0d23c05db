// The network flags, named as Codex names them: --listen-addrs, --peer, --bootstrap-node,
// --disc-port, --nat extip:IP. Parsed with zod into typed options or one line saying what to type
// instead. The hosts merge NETWORK_FLAGS into their own parseArgs table and pass the values here.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { peerIdFromString } from '@libp2p/peer-id';
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record';
import { multiaddr } from '@multiformats/multiaddr';
import { z } from 'zod';

/** Where the node listens unless --listen-addrs says otherwise (the testnet's port). */
export const DEFAULT_LISTEN_ADDR = '/ip4/0.0.0.0/tcp/8070';
/** The Codex DHT's UDP port unless --disc-port says otherwise. */
export const DEFAULT_DISC_PORT = 8090;

/** A peer given with --peer: its id and the full multiaddr to dial. */
export interface StaticPeer {
  readonly peerId: string;
  readonly multiaddr: string;
}

/** A bootstrap node given with --bootstrap-node: the text as given and the peer id it names. */
export interface BootstrapNode {
  readonly spr: string;
  readonly peerId: string;
}

/** parseArgs options for the network flags (the repeatable ones are `multiple`). */
export const NETWORK_FLAGS = {
  'listen-addrs': { type: 'string', multiple: true },
  peer: { type: 'string', multiple: true },
  'bootstrap-node': { type: 'string', multiple: true },
  'disc-port': { type: 'string' },
  nat: { type: 'string' },
} as const;

/** The flags' raw values, as parseArgs returns them with NETWORK_FLAGS. */
export interface NetworkFlagValues {
  readonly 'listen-addrs'?: readonly string[];
  readonly peer?: readonly string[];
  readonly 'bootstrap-node'?: readonly string[];
  readonly 'disc-port'?: string;
  readonly nat?: string;
}

const tcpAddr = /^\/(ip4|ip6|dns4|dns6|dns)\/[^/]+\/tcp\/\d+$/;

function isTcpMultiaddr(s: string): boolean {
  try {
    multiaddr(s);
  } catch {
    return false;
  }
  return tcpAddr.test(s) && Number(s.split('/')[4]) <= 65535;
}

const listenAddr = z.string().superRefine((s, ctx) => {
  if (!isTcpMultiaddr(s))
    ctx.addIssue({
      code: 'custom',
      message: `--listen-addrs ${s} is not a TCP multiaddr such as /ip4/0.0.0.0/tcp/8070 (Codex speaks TCP only)`,
    });
});

const staticPeer = z.string().transform((s, ctx): StaticPeer => {
  const fail = (why: string) => {
    ctx.addIssue({ code: 'custom', message: `--peer ${s} ${why}, for example /ip4/1.2.3.4/tcp/8070/p2p/16Uiu2HA…` });
    return z.NEVER;
  };
  const at = s.lastIndexOf('/p2p/');
  if (at < 0) return fail('must end in /p2p/<peer id>');
  const transport = s.slice(0, at);
  try {
    multiaddr(s);
    if (!tcpAddr.test(transport)) return fail('must be a TCP multiaddr');
    return { peerId: peerIdFromString(s.slice(at + 5)).toString(), multiaddr: s };
  } catch {
    return fail('is not a valid multiaddr with a peer id');
  }
});

const bootstrapNode = z.string().transform((s, ctx): BootstrapNode => {
  try {
    if (!s.startsWith('spr:')) throw new Error('prefix');
    const envelope = RecordEnvelope.createFromProtobuf(Buffer.from(s.slice(4), 'base64url'));
    if (envelope.payloadType.length !== 2 || envelope.payloadType[0] !== 3 || envelope.payloadType[1] !== 1)
      throw new Error('payload');
    return { spr: s, peerId: PeerRecord.createFromProtobuf(envelope.payload).peerId.toString() };
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `--bootstrap-node ${s.slice(0, 24)}… is not a signed peer record (spr:…)`,
    });
    return z.NEVER;
  }
});

const natOption = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === 'none') return undefined;
    const ip = /^extip:(.+)$/.exec(s)?.[1];
    if (ip === undefined || isIP(ip) === 0) {
      ctx.addIssue({
        code: 'custom',
        message: '--nat must be extip:IP, for example --nat extip:203.0.113.7 (UPnP and NAT-PMP are not supported)',
      });
      return z.NEVER;
    }
    return { extIp: ip };
  });

const networkSchema = z.object({
  listenAddrs: z.array(listenAddr).min(1).default([DEFAULT_LISTEN_ADDR]),
  peers: z.array(staticPeer).default([]),
  bootstrapNodes: z.array(bootstrapNode).default([]),
  discPort: z
    .string()
    .regex(/^\d+$/, '--disc-port must be a UDP port number, for example --disc-port 8090')
    .transform(Number)
    .pipe(z.number().max(65535, '--disc-port must be between 0 and 65535'))
    .default(DEFAULT_DISC_PORT),
  nat: natOption,
});

/** Validated network options. */
export type NetworkOptions = z.infer<typeof networkSchema>;

/** Options, or one message for the operator. */
export type NetworkOptionsResult = { ok: true; options: NetworkOptions } | { ok: false; message: string };

// "--listen-addrs A B" and "--listen-addrs A,B" both name two addresses, as well as repeating the flag.
const split = (values?: readonly string[]) => values?.flatMap((v) => v.split(/[\s,]+/).filter(Boolean));

/** Validates the network flags' values; never throws. */
export function parseNetworkFlags(values: NetworkFlagValues): NetworkOptionsResult {
  const listen = split(values['listen-addrs']);
  const parsed = networkSchema.safeParse({
    listenAddrs: listen && listen.length > 0 ? listen : undefined,
    peers: split(values.peer),
    bootstrapNodes: split(values['bootstrap-node']),
    discPort: values['disc-port'],
    nat: values.nat,
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, options: parsed.data };
}

/** Reads only the network flags from a command line (for scripts and tests); never throws. */
export function parseNetworkArgs(argv: string[]): NetworkOptionsResult {
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: NETWORK_FLAGS });
    return parseNetworkFlags(values);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
