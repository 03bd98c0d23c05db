// An HTTP server on 127.0.0.1 serving circuit archives at /proving-key/<name>, with Range support
// and faults a test switches on: a connection cut after N bytes, Range ignored, a stall, a status.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server misbehaves; each fault applies to every request until changed. */
export interface ServerFaults {
  /** Send this many body bytes of a response, then cut the connection (only for the next `cuts` responses). */
  cutAfter?: number;
  cuts?: number;
  /** Answer every request with 200 and the whole file, whatever Range says. */
  ignoreRange?: boolean;
  /** Send this many body bytes, then keep the connection open and silent. */
  stallAfter?: number;
  /** Answer with this status and no body. */
  status?: number;
}

/** A running archive server. */
export interface ArchiveServer {
  /** Base URL to pass as the circuit download URL (ends with /proving-key/). */
  readonly baseUrl: string;
  readonly archives: Map<string, Buffer>;
  readonly faults: ServerFaults;
  /** Each request's path and Range header, in order. */
  readonly requests: { path: string; range: string | undefined }[];
  close(): Promise<void>;
}

function send(res: ServerResponse, body: Buffer, faults: ServerFaults): void {
  const cut = faults.cutAfter !== undefined && (faults.cuts ?? 1) > 0;
  if (cut) faults.cuts = (faults.cuts ?? 1) - 1;
  const limit = cut ? faults.cutAfter : faults.stallAfter;
  if (limit === undefined) {
    res.end(body);
    return;
  }
  // The cut comes a little after the bytes, so the client has read them (a client loses what it
  // had buffered but not yet read when the connection breaks).
  res.write(body.subarray(0, limit), () => {
    if (cut) setTimeout(() => res.socket?.destroy(), 100);
  });
}

/** Starts the server on a free loopback port. */
export async function startArchiveServer(): Promise<ArchiveServer> {
  const archives = new Map<string, Buffer>();
  const faults: ServerFaults = {};
  const requests: ArchiveServer['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const range = req.headers.range;
    requests.push({ path: req.url ?? '', range });
    const name = /^\/proving-key\/([^/]+)$/.exec(req.url ?? '')?.[1];
    const body = name === undefined ? undefined : archives.get(name);
    if (faults.status !== undefined) {
      res.writeHead(faults.status).end();
      return;
    }
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const from = /^bytes=(\d+)-$/.exec(range ?? '')?.[1];
    if (from === undefined || faults.ignoreRange) {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
      send(res, body, faults);
      return;
    }
    const start = Number(from);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
    send(res, body.subarray(start), faults);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/proving-key/`,
    archives,
    faults,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
