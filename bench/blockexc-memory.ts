// One memory run of the blockexc benchmark, in a fresh process so that its peak RSS is its own: the
// same host set-up for every way (raw, libp2p, fetch, lent), then three transfers of the slot that
// way. Prints one JSON line: the RSS before the transfers and the process's peak RSS, in bytes.
import { fetchSlot, libp2pCopy, rawCopy, startBenchHost, type ProviderInfo } from './blockexc-transfers';

const [way, infoText] = process.argv.slice(2);
const info = JSON.parse(infoText ?? '{}') as ProviderInfo;
const host = await startBenchHost(info);
const transfers: Record<string, () => Promise<void>> = {
  raw: () => rawCopy(info.rawPort),
  libp2p: () => libp2pCopy(host.node, host.peer),
  fetch: () => fetchSlot(host.dataset),
  lent: () => fetchSlot(host.lent),
};
const transfer = transfers[way ?? ''];
if (!transfer) throw new Error(`no way ${way}: one of ${Object.keys(transfers).join(', ')}`);
const before = process.memoryUsage.rss();
for (let i = 0; i < 3; i++) await transfer();
process.stdout.write(`${JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024 })}\n`);
await host.stop();
process.exit(0);
