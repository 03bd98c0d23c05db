// The log watcher's reads: over the WebSocket while it is up (events arrive there), otherwise over
// HTTP, so events keep flowing when the socket drops.
import { toBeHex } from 'ethers';
import { type BlockHeader, parseHeader } from './heads';
import type { ChainReader, RawLog } from './log-watcher';
import type { HttpRpc } from './rpc';
import type { WsRpc } from './ws-rpc';

/** A JSON-RPC log as a RawLog; throws on a malformed one. */
export function parseLog(raw: unknown): RawLog {
  const r = raw as Record<string, unknown>;
  const hex = (key: string) => {
    const v = r?.[key];
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]*$/.test(v)) throw new Error(`log without a valid ${key}`);
    return v.toLowerCase();
  };
  if (!Array.isArray(r?.topics)) throw new Error('log without topics');
  return {
    blockNumber: Number(BigInt(hex('blockNumber'))),
    blockHash: hex('blockHash'),
    logIndex: Number(BigInt(hex('logIndex'))),
    transactionHash: hex('transactionHash'),
    topics: (r.topics as unknown[]).map((t) => String(t).toLowerCase()),
    data: hex('data'),
  };
}

/** Reads headers and one contract's logs. */
export class RpcChainReader implements ChainReader {
  constructor(
    private readonly http: HttpRpc,
    private readonly ws: WsRpc | undefined,
    readonly address: string,
  ) {}

  async header(number: number): Promise<BlockHeader> {
    const raw = await this.#request('eth_getBlockByNumber', [toBeHex(number), false]);
    if (raw === null) throw new Error(`block ${number} is not known to the node`);
    return parseHeader(raw);
  }

  async logs(fromBlock: number, toBlock: number, topics?: string[]): Promise<RawLog[]> {
    const filter = {
      address: this.address,
      fromBlock: toBeHex(fromBlock),
      toBlock: toBeHex(toBlock),
      ...(topics ? { topics } : {}),
    };
    const raw = await this.#request('eth_getLogs', [filter]);
    if (!Array.isArray(raw)) throw new Error('eth_getLogs did not answer a list');
    return raw.filter((l) => !(l as { removed?: boolean }).removed).map(parseLog);
  }

  async #request(method: string, params: unknown[]): Promise<unknown> {
    if (this.ws?.connected) {
      try {
        return await this.ws.request(method, params);
      } catch {
        // The socket dropped mid-request: HTTP answers instead.
      }
    }
    return this.http.send(method, params);
  }
}
