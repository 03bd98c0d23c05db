// A Clock that moves only when the test says so: the simulator's chain clock in manual mode.
import { ChainClock } from '../../src-main/market/index';

/** A manual chain clock starting at `start` (default 1_700_000_000). */
export function manualClock(start?: number): ChainClock {
  return new ChainClock({ mode: 'manual', start });
}
