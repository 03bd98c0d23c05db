// The devnet api's control over the in-process chain: chain time from the host's block clock,
// time moved with evm_increaseTime and evm_mine in steps of at most one period (each step waits
// until the devnet is quiet, so nobody misses a period the jump passes), requests posted by the
// simulated clients, and a request's state and slots read from the contract.
import { type RequestId } from '../../engine/index';
import type { DevnetControl, DevnetRequestView } from '../backend';
import { slotIdOf } from '../ids';
import type { ChainSession } from '../chain/session';
import type { DevnetClients } from './actors/clients';
import type { Devnet } from './devnet';
import { quiet } from './quiet';

const ZERO = '0x' + '0'.repeat(40);
/** Past this many steps, an advance jumps the rest at once: nobody acts in the periods it skips. */
export const MAX_ADVANCE_STEPS = 500;

/** What the control drives. */
export interface DevnetControlDeps {
  readonly devnet: Devnet;
  readonly host: ChainSession;
  /** Every session that must have seen a new block before the devnet counts as quiet. */
  readonly sessions: () => readonly ChainSession[];
  readonly clients: DevnetClients;
  /** True while anything is still at work (actors, host, transactions). */
  readonly busy: () => boolean;
  readonly period: number;
}

/** DevnetControl over an in-process EVM. */
export function devnetControl(d: DevnetControlDeps): DevnetControl & { settle(): Promise<boolean> } {
  const latest = async () => (await d.devnet.provider.getBlock('latest'))!;
  const seen = (timestamp: number) => () => d.busy() || d.sessions().some((s) => s.clock.now() < timestamp);
  const settle = () => quiet(d.busy);
  return {
    now: () => d.host.clock.now(),
    settle,
    async advance(seconds) {
      let left = seconds;
      const steps = Math.ceil(seconds / d.period);
      if (steps > MAX_ADVANCE_STEPS) {
        const jump = seconds - MAX_ADVANCE_STEPS * d.period;
        await d.devnet.controls.increaseTime(jump);
        left -= jump;
      }
      await settle();
      while (left > 0) {
        const step = Math.min(d.period, left);
        await d.devnet.controls.increaseTime(step);
        left -= step;
        await quiet(seen((await latest()).timestamp));
      }
      return d.host.clock.now();
    },
    postRequest: ({ ask, expiry }) => d.clients.post({ ask, expiry }),
    async request(requestId: RequestId): Promise<DevnetRequestView | undefined> {
      const market = d.host.market;
      const request = await market.getRequest(requestId);
      const state = await market.requestState(requestId);
      if (!request || !state) return undefined;
      const slots = [];
      for (let i = 0n; i < request.ask.slots; i++) {
        const slotState = await market.slotState(slotIdOf(requestId, i));
        slots.push({ slotIndex: Number(i), state: slotState, host: (await market.getHost(requestId, i)) ?? ZERO });
      }
      return { state, slots };
    },
  };
}
