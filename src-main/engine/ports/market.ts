// The Market port (spec/marketplace.md §7.1). Owned by the marketplace simulator work (issue 4).
export {};
