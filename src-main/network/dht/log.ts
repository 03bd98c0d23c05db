// The DHT logs through the engine's Logger port (types only), quiet unless a host passes one.
import type { Logger } from '../../engine/index';

export type DhtLog = Logger;

export const quietLog: DhtLog = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
