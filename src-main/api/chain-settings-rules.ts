// The chain options the operator keeps in Settings (the RPC endpoint, the Marketplace contract and
// the keystore), checked the same way in the Settings form, in the api's settings.update and when
// the headless host reads them at start. Plain functions, so the dashboard can import them. The
// start-up checks (market/chain/options.ts, connectChain) still run on whatever is used: a
// mixed-case address's checksum, the keystore's contents and the chain itself are checked there.

/** The chain options kept in Settings; `--market chain` uses them for every flag not given. */
export interface ChainSettings {
  /** The chain's JSON-RPC endpoint, http(s)://. */
  rpcUrl: string;
  /** Its WebSocket endpoint for events, ws(s)://; absent: HTTP polling. */
  wsUrl?: string;
  /** The Marketplace contract: 0x and 40 hex digits. */
  marketplace: string;
  /** The host's encrypted JSON keystore, an absolute path on the host. */
  keystore: string;
}

/** One field's problem, in words the operator can act on. */
export interface ChainSettingsProblem {
  field: keyof ChainSettings;
  message: string;
}

function urlProblem(value: string, schemes: readonly string[]): boolean {
  try {
    return !schemes.includes(new URL(value).protocol);
  } catch {
    return true;
  }
}

/** What is wrong with `settings`, field by field; empty when they can be saved. */
export function chainSettingsProblems(settings: Partial<Record<keyof ChainSettings, unknown>>): ChainSettingsProblem[] {
  const problems: ChainSettingsProblem[] = [];
  const text = (field: keyof ChainSettings) => {
    const v = settings[field];
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const rpcUrl = text('rpcUrl');
  if (!rpcUrl)
    problems.push({ field: 'rpcUrl', message: 'Enter the chain’s RPC URL, for example http://127.0.0.1:8545.' });
  else if (urlProblem(rpcUrl, ['http:', 'https:']))
    problems.push({
      field: 'rpcUrl',
      message: 'The RPC URL must start with http:// or https://, for example http://127.0.0.1:8545.',
    });
  const wsUrl = text('wsUrl');
  if (settings.wsUrl !== undefined && typeof settings.wsUrl !== 'string')
    problems.push({ field: 'wsUrl', message: 'The WebSocket URL must be text.' });
  else if (wsUrl && urlProblem(wsUrl, ['ws:', 'wss:']))
    problems.push({
      field: 'wsUrl',
      message: 'The WebSocket URL must start with ws:// or wss://, for example ws://127.0.0.1:8546.',
    });
  const marketplace = text('marketplace');
  if (!marketplace) problems.push({ field: 'marketplace', message: 'Enter the Marketplace contract’s address.' });
  else if (!/^0x[0-9a-fA-F]{40}$/.test(marketplace))
    problems.push({ field: 'marketplace', message: 'The Marketplace address must be 0x followed by 40 hex digits.' });
  const keystore = text('keystore');
  if (!keystore) problems.push({ field: 'keystore', message: 'Enter the path of the host’s keystore file.' });
  else if (!/^(\/|[A-Za-z]:[\\/])/.test(keystore) || keystore.includes('\0'))
    problems.push({
      field: 'keystore',
      message: 'The keystore path must be absolute, for example /home/me/.slotkeeper/wallet.json.',
    });
  return problems;
}

/** The settings trimmed, with an empty WebSocket URL left out. */
export function normalChainSettings(settings: ChainSettings): ChainSettings {
  const wsUrl = settings.wsUrl?.trim();
  return {
    rpcUrl: settings.rpcUrl.trim(),
    ...(wsUrl ? { wsUrl } : {}),
    marketplace: settings.marketplace.trim(),
    keystore: settings.keystore.trim(),
  };
}
