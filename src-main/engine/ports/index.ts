// The ports the engine declares and the world implements (market/, storage/, proofs/, network/,
// hosts). One file per port so the areas that own them can change them independently.
export * from './clock';
export * from './market';
export * from './proof';
export * from './proof-system';
export * from './slot-data-source';
export * from './store';
export * from './logger';
export * from './wallet';
export * from './alerter';
