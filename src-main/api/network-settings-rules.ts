// The data plane's options the operator keeps in Settings (where the libp2p node listens, the peers
// to fetch from first, the DHT's bootstrap nodes and port, the public IP behind a NAT), the same
// options as the network flags (network/node/options.ts). Plain functions with no packages, so the
// dashboard can check each field as it is typed; the api runs the flags' own checks as well (peer ids
// and signed peer records decoded) before anything is saved, and the headless host runs them again at
// start on whatever it uses.

/** Where the node listens unless a flag or Settings say otherwise (as network/node/options.ts). */
export const DEFAULT_LISTEN_ADDR = '/ip4/0.0.0.0/tcp/8070';
/** The DHT's UDP port unless a flag or Settings say otherwise. */
export const DEFAULT_DISC_PORT = 8090;
/** At most this many entries in each list, so a pasted file cannot become the node's config. */
export const MAX_NETWORK_ENTRIES = 32;

/** The network options kept in Settings; an absent field takes its flag's default. */
export interface NetworkSettings {
  /** TCP multiaddrs to listen on (as --listen-addrs). */
  listenAddrs?: string[];
  /** Multiaddrs ending in /p2p/<peer id> to fetch slot data from first (as --peer). */
  peers?: string[];
  /** Signed peer records, spr:… (as --bootstrap-node). */
  bootstrapNodes?: string[];
  /** The DHT's UDP port (as --disc-port). */
  discPort?: number;
  /** The public IP peers reach this node on (as --nat extip:IP). */
  extIp?: string;
}

/** One field's problem, in words the operator can act on. */
export interface NetworkSettingsProblem {
  field: keyof NetworkSettings;
  message: string;
}

const tcpAddr = /^\/(ip4|ip6|dns4|dns6|dns)\/[^/\s]+\/tcp\/(\d{1,5})$/;

function isTcpAddr(s: string): boolean {
  const m = tcpAddr.exec(s);
  return m !== null && Number(m[2]) <= 65535;
}

/** An IPv4 dotted quad or an IPv6 address (the URL parser knows IPv6's forms in both hosts). */
export function isIpAddress(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).every((n) => Number(n) <= 255 && (n === '0' || !n.startsWith('0')));
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function listProblem(
  field: 'listenAddrs' | 'peers' | 'bootstrapNodes',
  value: unknown,
  bad: (entry: string) => string | undefined,
): NetworkSettingsProblem | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return { field, message: 'This must be a list of text lines.' };
  const entries = (value as string[]).map((v) => v.trim()).filter(Boolean);
  if (entries.length > MAX_NETWORK_ENTRIES)
    return { field, message: `At most ${MAX_NETWORK_ENTRIES} lines, one address each.` };
  for (const entry of entries) {
    const why = bad(entry);
    if (why) return { field, message: why };
  }
  return undefined;
}

function peerProblem(s: string): string | undefined {
  const at = s.lastIndexOf('/p2p/');
  const id = at < 0 ? '' : s.slice(at + 5);
  if (at < 0 || !/^[A-Za-z0-9]{20,100}$/.test(id))
    return `${short(s)} must end in /p2p/<peer id>, for example /ip4/1.2.3.4/tcp/8070/p2p/16Uiu2HA…`;
  if (!isTcpAddr(s.slice(0, at))) return `${short(s)} must be a TCP multiaddr, for example /ip4/1.2.3.4/tcp/8070/p2p/…`;
  return undefined;
}

/** What is wrong with `settings`, field by field; empty when they can be saved. */
export function networkSettingsProblems(
  settings: Partial<Record<keyof NetworkSettings, unknown>>,
): NetworkSettingsProblem[] {
  const problems = [
    listProblem('listenAddrs', settings.listenAddrs, (s) =>
      isTcpAddr(s)
        ? undefined
        : `${short(s)} is not a TCP multiaddr such as ${DEFAULT_LISTEN_ADDR} (Codex speaks TCP only).`,
    ),
    listProblem('peers', settings.peers, peerProblem),
    listProblem('bootstrapNodes', settings.bootstrapNodes, (s) =>
      /^spr:[A-Za-z0-9_-]+={0,2}$/.test(s)
        ? undefined
        : `${short(s)} is not a signed peer record (spr:… as Codex prints it).`,
    ),
  ].filter((p): p is NetworkSettingsProblem => p !== undefined);
  const port = settings.discPort;
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535))
    problems.push({
      field: 'discPort',
      message: `The discovery port must be a UDP port number, 0 to 65535, for example ${DEFAULT_DISC_PORT}.`,
    });
  const ip = settings.extIp;
  if (ip !== undefined && (typeof ip !== 'string' || (ip.trim() !== '' && !isIpAddress(ip.trim()))))
    problems.push({
      field: 'extIp',
      message: 'The external IP must be an IPv4 or IPv6 address, for example 203.0.113.7.',
    });
  return problems;
}

/** The settings trimmed, with empty lines, empty lists and an empty IP left out. */
export function normalNetworkSettings(settings: NetworkSettings): NetworkSettings {
  const list = (v?: string[]) => {
    const entries = (v ?? []).map((s) => s.trim()).filter(Boolean);
    return entries.length > 0 ? entries : undefined;
  };
  const out: NetworkSettings = {};
  const listenAddrs = list(settings.listenAddrs);
  const peers = list(settings.peers);
  const bootstrapNodes = list(settings.bootstrapNodes);
  const extIp = settings.extIp?.trim();
  if (listenAddrs) out.listenAddrs = listenAddrs;
  if (peers) out.peers = peers;
  if (bootstrapNodes) out.bootstrapNodes = bootstrapNodes;
  if (settings.discPort !== undefined) out.discPort = settings.discPort;
  if (extIp) out.extIp = extIp;
  return out;
}

/** One entry per line, as the Settings card shows a list. */
export function networkLines(text: string): string[] {
  return text
    .split(/[\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The network flags' values the settings stand for (the flags' names, as parseArgs returns them). */
export function networkSettingsAsFlags(settings: NetworkSettings): {
  'listen-addrs'?: string[];
  peer?: string[];
  'bootstrap-node'?: string[];
  'disc-port'?: string;
  nat?: string;
} {
  return {
    ...(settings.listenAddrs ? { 'listen-addrs': settings.listenAddrs } : {}),
    ...(settings.peers ? { peer: settings.peers } : {}),
    ...(settings.bootstrapNodes ? { 'bootstrap-node': settings.bootstrapNodes } : {}),
    ...(settings.discPort !== undefined ? { 'disc-port': String(settings.discPort) } : {}),
    ...(settings.extIp ? { nat: `extip:${settings.extIp}` } : {}),
  };
}
