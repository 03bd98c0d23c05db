// A plausible set of alerts for screenshots and dashboard tests, raised through the real engine
// helpers into a real alert store, so their wording is the engine's own.
import {
  diskAlert,
  raiseProofsMissed,
  raiseSaleErrored,
  repoQuota,
  SaleError,
  walletAlerts,
} from '../../src-main/engine/index';
import type { QuotaDto } from '../../src-main/api/dto';
import type { SqliteAlertStore } from '../../src-main/storage/alert-store';

const GiB = 1024n ** 3n;
const hex = (n: number) => '0x' + n.toString(16).padStart(64, '0');

/** A quota the disk cannot hold: what the demo's disk alert is about (give the same to the demo's source). */
export const demoTightQuota: QuotaDto = {
  maxBytes: String(100n * GiB),
  usedBytes: String(18n * GiB),
  reservedBytes: String(44n * GiB),
  diskFreeBytes: String(52n * GiB),
  diskTotalBytes: String(1000n * GiB),
};

/** Raises the demo alerts, moving `clock` back and forth around `now`; leaves the clock at `now`. */
export function raiseDemoAlerts(store: SqliteAlertStore, clock: { now: number }, now: number): void {
  const at = (secondsAgo: number) => (clock.now = now - secondsAgo);
  at(3 * 86_400);
  const tokens = walletAlerts(
    '0x' + 'ab'.repeat(20),
    { token: 4n * 10n ** 17n, gas: undefined },
    { symbol: 'TST', decimals: 18 },
    {
      minTokens: 10n ** 18n,
      minGas: 0n,
    },
  ).tokens!;
  store.raise(tokens);
  at(2 * 86_400);
  store.resolve(tokens.key);
  at(7200);
  const error = new SaleError('slot-data-missing', 'No slot data in the repo under 0x51…; the sale cannot prove');
  raiseSaleErrored(store, { slotId: hex(104), requestId: hex(204), slotIndex: 0n, error });
  at(1800);
  raiseSaleErrored(store, { slotId: hex(102), requestId: hex(202), slotIndex: 2n, error });
  at(900);
  const q = demoTightQuota;
  const reading = { max: BigInt(q.maxBytes), used: BigInt(q.usedBytes), reserved: BigInt(q.reservedBytes) };
  store.raise(
    diskAlert(repoQuota({ ...reading, diskFree: BigInt(q.diskFreeBytes), diskTotal: BigInt(q.diskTotalBytes) }))!,
  );
  at(240);
  raiseProofsMissed(store, {
    slotId: hex(101),
    requestId: hex(201),
    slotIndex: 1n,
    missed: 1,
    slashed: 1_500_000_000_000_000_000n,
  });
  clock.now = now;
}
