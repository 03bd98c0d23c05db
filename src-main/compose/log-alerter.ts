// Alerts about the market's connection go to the alert store and also to the log (and its echo),
// so an operator running headless reads "chain unreachable" on the console at once.
import type { Alerter, Logger } from '../engine/index';

/** An Alerter that writes each raise and clear to the log. */
export function logAlerter(logger: Logger): Alerter {
  return {
    raise: (alert) => {
      const context = { key: alert.key, category: alert.category, ...alert.data };
      if (alert.severity === 'info') logger.info(alert.message, context);
      else if (alert.severity === 'warning') logger.warn(alert.message, context);
      else logger.error(alert.message, context);
    },
    resolve: (key) => logger.info('an alert cleared', { key }),
  };
}

/** An Alerter that hands every raise and resolve to each of `alerters`. */
export function teeAlerter(...alerters: Alerter[]): Alerter {
  return {
    raise: (alert) => alerters.forEach((a) => a.raise(alert)),
    resolve: (key) => alerters.forEach((a) => a.resolve(key)),
  };
}
