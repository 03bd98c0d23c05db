// The first run as a checklist: choose the quota, offer space, (on a chain market) fund the wallet
// and put the circuit files in place, then sell. Each step is done when the engine's own state says
// so, and the checklist goes away once every step is.
import type { AvailabilitiesState } from './availabilities.svelte';
import type { DiskState } from './disk.svelte';
import { big, formatBytes } from './format';
import type { MarketState } from './market.svelte';
import type { SettingsState } from './settings.svelte';

/** One step: what to do, whether it is done, and where to do it. */
export interface SetupStep {
  id: 'quota' | 'offer' | 'wallet' | 'circuits' | 'selling';
  title: string;
  text: string;
  done: boolean;
  /** A dashboard route to go to, or the selling switch. */
  action?: { label: string; href: string } | { label: string; resume: true };
}

/** The checklist as rune state. */
export class SetupState {
  steps: SetupStep[] = $derived.by(() => this.#steps());
  complete = $derived(this.steps.every((s) => s.done));

  readonly #disk: DiskState;
  readonly #availabilities: AvailabilitiesState;
  readonly #market: MarketState;
  readonly #settings: SettingsState;

  constructor(disk: DiskState, availabilities: AvailabilitiesState, market: MarketState, settings: SettingsState) {
    this.#disk = disk;
    this.#availabilities = availabilities;
    this.#market = market;
    this.#settings = settings;
  }

  #steps(): SetupStep[] {
    const quota = this.#disk.quota;
    const allocation = this.#disk.allocation;
    const market = this.#market.market;
    const offered = this.#availabilities.list.values.some((a) => a.enabled && big(a.totalSize) > 0n);
    const steps: SetupStep[] = [
      {
        id: 'quota',
        title: 'Choose how much of this disk to use',
        text: allocation
          ? `The quota is ${formatBytes(allocation.quota)}${quota?.chosen ? '' : ' (the default)'}; ${formatBytes(allocation.diskFree)} is free on the disk.`
          : 'The quota is the most Slotkeeper may store.',
        done: quota?.chosen ?? false,
        action: { label: 'Set the quota', href: '#/settings' },
      },
      {
        id: 'offer',
        title: 'Offer space for sale',
        text: 'An availability sets how much you sell, for how long, the minimum price and the collateral.',
        done: offered,
        action: { label: 'Offer disk space', href: '#/availabilities/new' },
      },
    ];
    if (market && market.kind !== 'sim') {
      const funded = big(market.balance) > 0n && (market.gasBalance === undefined || big(market.gasBalance) > 0n);
      steps.push({
        id: 'wallet',
        title: 'Fund the wallet',
        text: `Send tokens for collateral${market.gasBalance === undefined ? '' : ' and gas for transactions'} to ${market.hostAddress}.`,
        done: funded,
      });
    }
    if (market?.circuits !== undefined) {
      steps.push({
        id: 'circuits',
        title: 'Put the proof circuit files in place',
        text: 'proof_main.wasm, proof_main.zkey and proof_main_verification_key.json, in the folder --circuit-dir names.',
        done: market.circuits === 'ready',
      });
    }
    const paused = this.#settings.settings?.sellingPaused ?? false;
    steps.push({
      id: 'selling',
      title: 'Sell',
      text: paused
        ? 'Selling is paused: resume to take slots.'
        : 'The engine takes slots as soon as something is offered.',
      done: !paused && steps.every((s) => s.done),
      ...(paused ? { action: { label: 'Resume selling', resume: true as const } } : {}),
    });
    return steps;
  }
}
