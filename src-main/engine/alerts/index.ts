// The engine's alerts: the model the store keeps, every key, and the one-line raise and resolve
// helpers the engine and its hosts call (docs/alerts.md lists who raises what).
export * from './alert';
export * from './conditions';
export * from './health-alerts';
export * from './host-checks';
export { AlertKeys } from './keys';
export * from './sale-alerts';
export { formatBytes, formatTokenAmount } from './wording';
