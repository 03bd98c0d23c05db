// Codex's test helpers (docs/reference/sales-tests.md §G.2): `eventually` polls until a condition holds (5 s
// of wall time at most), `always` checks that it keeps holding. Between polls the event loop runs,
// so file I/O on Node's thread pool completes; the chain clock never moves.

/** Resolves once `condition()` is true; fails the test after `timeoutMs`. */
export async function eventually(
  condition: () => boolean,
  settle: () => Promise<void>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition still false after ${timeoutMs} ms: ${condition.toString()}`);
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Checks `condition()` repeatedly for `ms` of wall time; throws the first time it is false. */
export async function always(condition: () => boolean, settle: () => Promise<void>, ms = 50): Promise<void> {
  const until = Date.now() + ms;
  do {
    if (!condition()) throw new Error(`condition became false: ${condition.toString()}`);
    await settle();
  } while (Date.now() < until);
  if (!condition()) throw new Error(`condition became false: ${condition.toString()}`);
}
