// Child process for the crash test: applies random operations to the storage in `dataDir`, one
// after another, printing "step N" after each, until the parent kills it with SIGKILL.
import fc from 'fast-check';
import { Reservations } from '../../../../src-main/engine/reservations/reservations';
import { openStorage } from '../../../../src-main/storage/open-storage';
import { applyOp, salesOp } from '../../../fakes/sales-ops';

const [dataDir, seed] = process.argv.slice(2);
const storage = openStorage({ dataDir: dataDir!, quotaMaxBytes: 400_000n });
const env = { reservations: new Reservations(storage.store, storage.repo), repo: storage.repo };

let step = 0;
for (let chunk = 0; chunk < 1_000; chunk++) {
  for (const op of fc.sample(salesOp, { seed: Number(seed) + chunk, numRuns: 100 })) {
    await applyOp(env, op);
    process.stdout.write(`step ${++step}\n`);
  }
}
storage.close();
