// Test ids, declared once: components and end-to-end tests both use these names.
export enum TestId {
  EngineClock = 'engine-clock',
  EngineUptime = 'engine-uptime',
  ConnectionStatus = 'connection-status',
  ErrorBanner = 'error-banner',
}
