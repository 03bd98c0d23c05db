// The engine's only public face: other src-main folders import from here and nowhere deeper.
export * from './ports/index';
export * from './proofs/index';
