// Runs a libp2p call under a signal that ends with the call. js-libp2p may leave listeners on the
// signal it was given; a timeout or caller signal that fires after the call settled then rejects a
// promise nobody awaits, and an unhandled rejection ends the process. So each call gets its own
// controller, aborted only while the call is running: by the caller's signal or by the time bound.

/** `work(signal)` with a signal aborted after `ms` or when `outer` aborts, and never after `work` settles. */
export async function bounded<T>(
  ms: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${Math.round(ms / 1000)} s`)), ms);
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) onAbort();
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
