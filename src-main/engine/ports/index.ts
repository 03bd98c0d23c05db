// The ports the engine declares and the world implements (market/, storage/, hosts).
// One file per port so the areas that own them can change them independently.
export * from './clock';
export * from './market';
export * from './store';
export * from './logger';
