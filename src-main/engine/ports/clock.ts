// The chain clock port. Owned by the marketplace simulator work (issue 4).
export {};
