// The data plane's flags on the headless command line, named as Codex names them (network/node/options.ts
// validates them). cli.ts spreads NETWORK_FLAGS into its parseArgs table, puts `network` in its schema
// and hands it networkFlagValues(values). Only --market chain takes them: the devnet runs its host
// node on loopback by itself, and the simulated market hands slot data over in process.
import { z } from 'zod';
import { networkSettingsAsFlags, type NetworkSettings } from '../api/network-settings-rules';
import {
  DEFAULT_DISC_PORT,
  DEFAULT_LISTEN_ADDR,
  NETWORK_FLAGS,
  parseNetworkFlags,
  type NetworkFlagValues,
  type NetworkOptions,
} from '../network/index';

export { NETWORK_FLAGS };

/** What `--help` prints about the data plane. */
export const NETWORK_USAGE = `  --listen-addrs ADDR    (chain) where the libp2p node listens, a TCP multiaddr
                         (repeatable; default ${DEFAULT_LISTEN_ADDR})
  --peer ADDR            (chain) a peer to fetch slot data from first, a multiaddr
                         ending in /p2p/<peer id> (repeatable)
  --bootstrap-node SPR   (chain) a DHT node to join the network through, spr:… as
                         Codex prints it (repeatable)
  --disc-port N          (chain) the DHT's UDP port (default ${DEFAULT_DISC_PORT})
  --nat extip:IP         (chain) the public address peers reach this node on
                         Each network flag not given is taken from Settings → Network, if
                         saved there; a flag given wins over Settings for its option`;

/** The network flags' raw values out of everything parseArgs read. */
export function networkFlagValues(values: Readonly<Record<string, unknown>>): NetworkFlagValues {
  const strings = (v: unknown) => (Array.isArray(v) ? (v as string[]) : undefined);
  const string = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    'listen-addrs': strings(values['listen-addrs']),
    peer: strings(values.peer),
    'bootstrap-node': strings(values['bootstrap-node']),
    'disc-port': string(values['disc-port']),
    nat: string(values.nat),
  };
}

/** A schema field: the raw values in, validated NetworkOptions out, or the flags' one-line message. */
export const networkOptionsField = z.custom<NetworkFlagValues>().transform((values, ctx): NetworkOptions => {
  const result = parseNetworkFlags(values ?? {});
  if (result.ok) return result.options;
  ctx.addIssue({ code: 'custom', message: result.message });
  return z.NEVER;
});

/**
 * The network options from the flags, with Settings → Network filling every flag not given (a flag
 * given wins for its option, even --nat none). A saved value that fails the flags' checks (a file
 * edited by hand) is reported as Settings' problem, so the operator knows where to fix it.
 */
export function networkWithSaved(
  flags: NetworkFlagValues,
  saved: NetworkSettings | undefined,
): { ok: true; options: NetworkOptions } | { ok: false; message: string } {
  const fromSettings = networkSettingsAsFlags(saved ?? {});
  const given = Object.fromEntries(
    Object.entries(flags).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
  const result = parseNetworkFlags({ ...fromSettings, ...given });
  if (result.ok) return result;
  const own = parseNetworkFlags(flags);
  return own.ok ? { ok: false, message: `the network options saved in Settings → Network: ${result.message}` } : own;
}
