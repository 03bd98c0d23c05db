// The engine's only public face: other src-main folders import from here and nowhere deeper.
export * from './ports/index';
export * from './errors';
export * from './sales/machine';
export * from './sales/tracked-tasks';
export * from './queue/slot-queue-item';
export * from './queue/slot-queue';
export * from './reservations/availability-rules';
export * from './reservations/reservation-rules';
export * from './reservations/quota';
export * from './reservations/reservations';
export * from './queue/retry-on-availability';
export * from './ports/history';
export * from './ports/timings';
export * from './sales/index';
export * from './reservations/availability-checks';
