// When the devnet is quiet: no actor at work, no transaction waiting to be mined, and the host
// neither calling the market nor proving nor writing. A clock jump waits for it between steps, so
// every period it passes gets its proofs, marks and payouts before time moves on.

/** Counts calls in flight through an object's async methods. */
export class InFlight {
  #count = 0;
  get count(): number {
    return this.#count;
  }
  /** `target` with every method that returns a promise counted while it runs. */
  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, name, receiver) => {
        const value = Reflect.get(object, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          if (!(result instanceof Promise)) return result;
          this.#count++;
          return result.finally(() => this.#count--);
        };
      },
    });
  }
}

/** Resolves once `busy()` has been false on `checks` polls in a row, `intervalMs` apart (or after `timeoutMs`). */
export async function quiet(
  busy: () => boolean,
  options: { checks?: number; intervalMs?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  const checks = options.checks ?? 3;
  const interval = options.intervalMs ?? 20;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let calm = 0;
  while (calm < checks) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
    calm = busy() ? 0 : calm + 1;
  }
  return true;
}
