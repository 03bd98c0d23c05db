pragma circom 2.1.0;

// Slotkeeper's devnet circuit: it takes exactly the signals of Codex's storage-proof circuit
// (SampleAndProve(32, 8, 5, 67, 5)), so one circuit-input JSON works with both, but it proves far
// less. It checks the cheap facts only:
//   - slotIndex < nSlotsPerDataSet ≤ 256 (8-bit ranges, as Codex's ToBits(8));
//   - nCellsPerSlot is 2^k with 1 ≤ k ≤ 32;
//   - each sampled cell's last element is a 2 KiB cell's padding element, b + 65536 with b < 2^16;
//   - the public inputs enter constraints, so a proof is bound to [entropy, dataSetRoot, slotIndex].
// It does NOT check that the cells, their Merkle paths or the slot root lead to dataSetRoot: no
// Poseidon2 runs here. On the devnet that storage statement is checked by the host's own checker
// before every proof (docs/groth16.md, "The devnet circuit").

// in = Σ bits[i]·2^i with every bit 0 or 1: proves 0 ≤ in < 2^n.
template Bits(n) {
    signal input in;
    signal output bits[n];
    var sum = 0;
    for (var i = 0; i < n; i++) {
        bits[i] <-- (in >> i) & 1;
        bits[i] * (bits[i] - 1) === 0;
        sum += bits[i] * (1 << i);
    }
    sum === in;
}

// in = 2^k with lo ≤ k ≤ hi: exactly one of bits lo..hi is set and no other bit.
template PowerOfTwo(lo, hi) {
    signal input in;
    component bits = Bits(hi + 1);
    bits.in <== in;
    var set = 0;
    for (var i = 0; i <= hi; i++) {
        if (i < lo) {
            bits.bits[i] === 0;
        } else {
            set += bits.bits[i];
        }
    }
    set === 1;
}

template DevnetStorageProof(maxDepth, maxLog2NSlots, blockTreeDepth, nFieldElemsPerCell, nSamples) {
    // Public, in Codex's order: the Marketplace passes [entropy, dataSetRoot, slotIndex].
    signal input entropy;
    signal input dataSetRoot;
    signal input slotIndex;

    // Private, as Codex's circuit names and sizes them.
    signal input slotRoot;
    signal input nCellsPerSlot;
    signal input nSlotsPerDataSet;
    signal input slotProof[maxLog2NSlots];
    signal input cellData[nSamples][nFieldElemsPerCell];
    signal input merklePaths[nSamples][maxDepth];

    // 1 ≤ nSlotsPerDataSet ≤ 256 and slotIndex < nSlotsPerDataSet (so slotIndex < 256 too).
    component slots = Bits(8);
    slots.in <== nSlotsPerDataSet - 1;
    component index = Bits(8);
    index.in <== slotIndex;
    component below = Bits(8);
    below.in <== nSlotsPerDataSet - 1 - slotIndex;

    // The padded slot has 2^k cells, 1 ≤ k ≤ 32.
    component cells = PowerOfTwo(1, 32);
    cells.in <== nCellsPerSlot;

    // A 2,048-byte cell is 66 full 31-byte chunks and the last two bytes plus the 0x01 padding byte.
    component padding[nSamples];
    for (var s = 0; s < nSamples; s++) {
        padding[s] = Bits(16);
        padding[s].in <== cellData[s][nFieldElemsPerCell - 1] - 65536;
    }

    // Every public input in a constraint of its own, and the slot root beside the dataset root.
    signal entropySquared;
    entropySquared <== entropy * entropy;
    signal rootSquared;
    rootSquared <== dataSetRoot * dataSetRoot;
    signal rootBinding;
    rootBinding <== dataSetRoot * slotRoot;
}

component main { public [entropy, dataSetRoot, slotIndex] } = DevnetStorageProof(32, 8, 5, 67, 5);
