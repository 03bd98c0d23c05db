// Until the alert store is wired in, alerts a market raises go to the log (and its echo), so an
// operator running headless still reads "chain unreachable" or "gas running out" at once.
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
