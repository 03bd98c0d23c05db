// Stopping on SIGTERM/SIGINT: the steps run in order so in-flight writes finish, but within a
// deadline — a host that never exits is killed by its supervisor without a word, so past the
// deadline this one says what it was still doing and exits non-zero itself.

/** One named step of stopping. */
export interface StopStep {
  /** What the step does, in the operator's words ("stopping the engine and its writes"). */
  name: string;
  run(): Promise<void> | void;
}

/** How stopping ended: every step done, one failed, or the deadline passed during one. */
export type StopOutcome =
  { kind: 'stopped' } | { kind: 'failed'; step: string; message: string } | { kind: 'timed-out'; step: string };

/** Runs the steps one after another, giving up on the one running at `deadlineMs`. */
export async function stopWithin(steps: readonly StopStep[], deadlineMs: number): Promise<StopOutcome> {
  let current = steps[0]?.name ?? '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out', step: current }), deadlineMs);
  });
  const work = (async (): Promise<StopOutcome> => {
    for (const step of steps) {
      current = step.name;
      try {
        await step.run();
      } catch (error) {
        return { kind: 'failed', step: step.name, message: (error as Error).message };
      }
    }
    return { kind: 'stopped' };
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exit status and the line to print for an outcome (no line when all went well). */
export function describeStop(outcome: StopOutcome, deadlineMs: number): { status: number; line?: string } {
  switch (outcome.kind) {
    case 'stopped':
      return { status: 0 };
    case 'failed':
      return { status: 1, line: `stopping failed while ${outcome.step}: ${outcome.message}` };
    case 'timed-out':
      return {
        status: 1,
        line: `stopped after ${deadlineMs / 1000} s without finishing: cut short while ${outcome.step}`,
      };
  }
}
