pragma circom 2.1.0;

// A toy storage-proof statement for the Groth16 pipeline tests: tiny (about 30 constraints) but
// with Codex's public interface. Its first declared signals are the public inputs entropy,
// dataSetRoot and slotIndex, in that order, and it has no outputs, so snarkjs' public signals are
// [entropy, dataSetRoot, slotIndex] exactly as Codex's Marketplace passes them. Mix is a toy
// compression (x^5 over a linear combination), not a hash anyone should rely on.

template Pow5() {
    signal input in;
    signal output out;
    signal sq;
    signal qd;
    sq <== in * in;
    qd <== sq * sq;
    out <== qd * in;
}

template Mix() {
    signal input a;
    signal input b;
    signal output out;
    component p = Pow5();
    p.in <== a + 7 * b + 1;
    out <== p.out + b;
}

template Bits8() {
    signal input in;
    signal bits[8];
    var acc = 0;
    for (var i = 0; i < 8; i++) {
        bits[i] <-- (in >> i) & 1;
        bits[i] * (bits[i] - 1) === 0;
        acc += bits[i] * (1 << i);
    }
    acc === in;
}

template ToyStorageProof(nCells) {
    signal input entropy;
    signal input dataSetRoot;
    signal input slotIndex;
    signal input slotRoot;
    signal input cellData[nCells];
    signal input slotProof;
    signal input response;

    // slotIndex < 256, as Codex's circuit requires.
    component range = Bits8();
    range.in <== slotIndex;

    // The slot root commits to the cells.
    component cells[nCells];
    for (var i = 0; i < nCells; i++) {
        cells[i] = Mix();
        cells[i].a <== i == 0 ? 0 : cells[i - 1].out;
        cells[i].b <== cellData[i];
    }
    slotRoot === cells[nCells - 1].out;

    // The dataset root commits to the slot root at slotIndex, with one sibling.
    component leaf = Mix();
    leaf.a <== slotRoot;
    leaf.b <== slotIndex;
    component top = Mix();
    top.a <== leaf.out;
    top.b <== slotProof;
    dataSetRoot === top.out;

    // The answer to the challenge depends on the entropy and the data.
    component answer = Mix();
    answer.a <== entropy;
    answer.b <== slotRoot;
    response === answer.out;
}

component main { public [entropy, dataSetRoot, slotIndex] } = ToyStorageProof(4);
