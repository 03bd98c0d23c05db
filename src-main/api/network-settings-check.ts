// The api's check of Settings → Network before it saves: the plain rules field by field, then the
// network flags' own validation (network/node/options.ts: multiaddrs parsed, peer ids and signed peer
// records decoded) on each field alone, so every message lands on the field it is about.
import { parseNetworkFlags } from '../network/node/options';
import {
  networkSettingsAsFlags,
  networkSettingsProblems,
  normalNetworkSettings,
  type NetworkSettings,
  type NetworkSettingsProblem,
} from './network-settings-rules';

const fields = ['listenAddrs', 'peers', 'bootstrapNodes', 'discPort', 'extIp'] as const;

/** Every problem with `settings`, at most one per field; empty when they can be saved as given. */
export function networkSettingsCheck(settings: NetworkSettings): NetworkSettingsProblem[] {
  const plain = networkSettingsProblems(settings);
  const normal = normalNetworkSettings(settings);
  const deep = fields.flatMap((field): NetworkSettingsProblem[] => {
    if (plain.some((p) => p.field === field) || normal[field] === undefined) return [];
    const result = parseNetworkFlags(networkSettingsAsFlags({ [field]: normal[field] }));
    // The flags' messages name the flag; in Settings the field is the one with the problem.
    return result.ok ? [] : [{ field, message: result.message.replace(/^--[a-z-]+ /, '') }];
  });
  return [...plain, ...deep];
}
