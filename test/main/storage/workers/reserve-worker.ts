// Child process for the concurrency test: reserves `count` slots of `size` bytes in one
// availability through its own connection, and prints how many succeeded and how the rest failed.
// Run by test/main/storage/workers/spawn.ts with Node's type transform.
import { openStorage } from '../../../../src-main/storage/open-storage';

const [dataDir, availabilityId, count, size] = process.argv.slice(2);
const storage = openStorage({ dataDir: dataDir! });
let reserved = 0;
const failures: Record<string, number> = {};
for (let i = 0; i < Number(count); i++) {
  try {
    storage.store.createReservation({
      availabilityId: availabilityId!,
      size: BigInt(size!),
      requestId: `0x${process.pid.toString(16).padStart(64, '0')}`,
      slotIndex: BigInt(i),
      collateralPerByte: 0n,
      validUntil: 0,
    });
    reserved++;
  } catch (error) {
    const name = (error as { code?: string }).code ?? String(error);
    failures[name] = (failures[name] ?? 0) + 1;
  }
}
storage.close();
process.stdout.write(JSON.stringify({ reserved, failures }) + '\n');
