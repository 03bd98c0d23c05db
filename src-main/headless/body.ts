// Reads a request body up to a limit. A larger body is read to its end and thrown away (up to a
// point) so the client, still sending, is able to read the 413 that follows instead of a reset.
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1 << 20;

/** Past this many bytes a too-large body is no longer drained: the connection is cut. */
const MAX_DRAIN_BYTES = 16 << 20;

/** The body, or why there is none. */
export type BodyResult = { ok: true; body: string } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads the whole body as UTF-8; never rejects. */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_DRAIN_BYTES) {
      // Not worth reading: answer now and let the caller close the connection.
      request.pause();
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        request.pause();
        resolve({ ok: false, reason: 'too-large' });
      }
    });
    request.on('end', () =>
      resolve(
        size > limit ? { ok: false, reason: 'too-large' } : { ok: true, body: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    request.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    request.on('close', () => resolve({ ok: false, reason: 'aborted' }));
  });
}
