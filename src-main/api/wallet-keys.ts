// wallet.create and wallet.import: the host writes the key into its data folder's keystore, and
// Settings' chain keystore follows it when chain options are saved. Nothing switches under a running
// engine: the key is used from the next start. The password and the key never appear in an answer.
import type { SettingsDto, WalletKeyDto } from './dto';
import type { Handlers } from './dispatch';
import { ApiFailure } from './errors';
import type { SettingsChange, WalletKeys } from './sources';

/** The wallet commands over the host's key writer; `update` saves settings like settings.update does. */
export function walletKeyHandlers(
  keys: WalletKeys | undefined,
  current: () => SettingsDto,
  update: (change: SettingsChange) => Promise<SettingsDto>,
): Pick<Handlers, 'wallet.create' | 'wallet.import'> {
  function writer(): WalletKeys {
    if (!keys) throw new ApiFailure('unavailable', 'This host cannot write a wallet key.');
    return keys;
  }

  async function follow(made: { address: string; keystore: string }): Promise<WalletKeyDto> {
    const chain = current().chain;
    if (chain) await update({ chain: { ...chain, keystore: made.keystore } });
    const note = chain
      ? 'Settings’ chain keystore now points to it; the host uses the key from its next start on --market chain.'
      : 'No chain options are saved yet: save them with this keystore path; the key is used from the next start on --market chain.';
    return { address: made.address, keystore: made.keystore, savedInSettings: chain !== undefined, note };
  }

  return {
    'wallet.create': { mutates: true, run: async ({ password }) => follow(await writer().create(password)) },
    'wallet.import': {
      mutates: true,
      run: async ({ privateKey, password }) => follow(await writer().import(privateKey, password)),
    },
  };
}
