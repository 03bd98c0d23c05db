// A host process for the SIGKILL test: connects with the data folder it is given, then runs the
// commands it reads on stdin (one per line) and reports each on stdout. The parent kills it mid-way.
import { createInterface } from 'node:readline';
import { silentLogger } from '../../../../src-main/engine/index';
import { connectChain } from '../../../../src-main/market/chain/connect';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';

const env = process.env;
const result = await connectChain(
  {
    rpcUrl: env.RPC_URL!,
    marketplace: env.MARKETPLACE!,
    signer: { kind: 'private-key', file: env.KEY_FILE! },
    confirmations: 1,
  },
  { dataDir: env.DATA_DIR!, logger: silentLogger, timings: devnetChainTimings },
);
if (!result.ok) {
  process.stdout.write(`error ${result.message}\n`);
  process.exit(2);
}
const { market } = result.session;
const proof = {
  scheme: 'groth16',
  a: { x: 1n, y: 2n },
  b: { x: { real: 3n, imag: 4n }, y: { real: 5n, imag: 6n } },
  c: { x: 7n, y: 8n },
};
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, requestId, index] = line.split(' ');
  if (command === 'reserve') await market.reserveSlot(requestId!, BigInt(index!));
  if (command === 'fill') {
    process.stdout.write('filling\n');
    await market.fillSlot(requestId!, BigInt(index!), proof, await market.slotCollateral(requestId!, BigInt(index!)));
  }
  process.stdout.write(`done ${command}\n`);
}
