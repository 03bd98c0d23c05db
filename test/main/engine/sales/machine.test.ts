import { afterEach, describe, expect, it, vi } from 'vitest';
import { Machine, type MachineEvent, type State } from '../../../../src-main/engine/sales/machine';

// The fixture of Codex's state machine tests (docs/reference/sales-tests.md §A): State1 moves on to State2 by
// itself, State2 waits until cancelled, State3 stays; the "move" event takes State2 to State3 and
// State3 to State1.
type TestState = State<unknown, TestState> & { readonly index: number };

interface Counters {
  runs: number[];
  cancellations: number[];
}

function fixture() {
  const counters: Counters = { runs: [0, 0, 0], cancellations: [0, 0, 0] };
  const state1 = (): TestState => ({
    name: 'State1',
    index: 0,
    async run() {
      counters.runs[0]!++;
      return state2();
    },
  });
  const state2 = (): TestState => ({
    name: 'State2',
    index: 1,
    run(_context, signal) {
      counters.runs[1]!++;
      return new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          counters.cancellations[1]!++;
          resolve(undefined);
        });
      });
    },
  });
  const state3 = (): TestState => ({
    name: 'State3',
    index: 2,
    async run() {
      counters.runs[2]!++;
      return undefined;
    },
  });
  const move: MachineEvent<TestState> = (current) => {
    if (current?.name === 'State2') return state3();
    if (current?.name === 'State3') return state1();
    return undefined;
  };
  const errored = (error: unknown): TestState => ({
    name: `Errored(${String(error)})`,
    index: -1,
    async run() {
      return undefined;
    },
  });
  const machine = new Machine<unknown, TestState>({ errored });
  return { counters, machine, move, state1, state2, state3 };
}

const machines: Machine<unknown, TestState>[] = [];
function setup() {
  const f = fixture();
  machines.push(f.machine);
  return f;
}
afterEach(async () => {
  await Promise.all(machines.splice(0).map((m) => m.stop()));
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('async state machine', () => {
  it('calls run of the start state', async () => {
    const { machine, counters, state1 } = setup();
    machine.start(state1());
    await vi.waitFor(() => expect(counters.runs[0]).toBe(1));
  });

  it('moves to the next state when run completes', async () => {
    const { machine, counters, state1 } = setup();
    machine.start(state1());
    await vi.waitFor(() => expect(counters.runs).toEqual([1, 1, 0]));
    expect(machine.state?.name).toBe('State2');
  });

  it('moves from state2 to state3 on an event', async () => {
    const { machine, counters, state2, move } = setup();
    machine.start(state2());
    machine.schedule(move);
    await vi.waitFor(() => expect(counters.runs).toEqual([0, 1, 1]));
  });

  it('cancels the running state on a transition', async () => {
    const { machine, counters, state2, move } = setup();
    machine.start(state2());
    machine.schedule(move);
    await vi.waitFor(() => expect(machine.state?.name).toBe('State3'));
    expect(counters.cancellations[1]).toBe(1);
  });

  it('handles scheduled events one after the other', async () => {
    const { machine, counters, state2, move } = setup();
    machine.start(state2());
    machine.schedule(move);
    machine.schedule(move);
    await vi.waitFor(() => expect(counters.runs).toEqual([1, 2, 1]));
    expect(machine.state?.name).toBe('State2');
  });

  it('stops scheduling and cancels the current state when stopped', async () => {
    const { machine, counters, state2, move } = setup();
    machine.start(state2());
    await vi.waitFor(() => expect(counters.runs[1]).toBe(1));
    await machine.stop();
    machine.schedule(move);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counters.runs).toEqual([0, 1, 0]);
    expect(counters.cancellations[1]).toBe(1);
  });

  it('answers queries from the current state', async () => {
    const { machine, state2, move } = setup();
    machine.start(state2());
    await vi.waitFor(() => expect(machine.query((s) => s.name)).toBe('State2'));
    machine.schedule(move);
    await vi.waitFor(() => expect(machine.query((s) => s.name)).toBe('State3'));
  });

  it('answers no queries once stopped', async () => {
    const { machine, state2 } = setup();
    machine.start(state2());
    await vi.waitFor(() => expect(machine.query((s) => s.name)).toBe('State2'));
    await machine.stop();
    expect(machine.query((s) => s.name)).toBeUndefined();
  });
});

describe('async state machine transitions and errors', () => {
  it('ignores the result of a run when an event already moved the machine on', async () => {
    const { machine, state3 } = setup();
    const gate = deferred<TestState | undefined>();
    const slow: TestState = { name: 'Slow', index: 3, run: () => gate.promise };
    const elsewhere = state3();
    machine.start(slow);
    await vi.waitFor(() => expect(machine.state).toBe(slow));
    // The run finishes (ignoring its signal) after the event was queued: its result is stale.
    machine.schedule(() => elsewhere);
    gate.resolve({ name: 'Stale', index: 4, run: async () => undefined });
    await vi.waitFor(() => expect(machine.state).toBe(elsewhere));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(machine.state).toBe(elsewhere);
  });

  it('evaluates an event against the state current when it is dequeued, not when scheduled', async () => {
    const { machine, counters, state2, move } = setup();
    machine.start(state2());
    // Both events are queued while the machine is in State2; the second sees State3.
    machine.schedule(move);
    machine.schedule(move);
    await vi.waitFor(() => expect(counters.runs[0]).toBe(1));
  });

  it('waits for the cancelled run to settle before entering the next state', async () => {
    const { machine } = setup();
    const log: string[] = [];
    const settle = deferred<void>();
    const sticky: TestState = {
      name: 'Sticky',
      index: 5,
      async run(_context, signal) {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        await settle.promise;
        log.push('sticky settled');
        return undefined;
      },
    };
    const next: TestState = {
      name: 'Next',
      index: 6,
      async run() {
        log.push('next ran');
        return undefined;
      },
    };
    machine.start(sticky);
    await vi.waitFor(() => expect(machine.state).toBe(sticky));
    machine.schedule(() => next);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(machine.state).toBe(sticky);
    settle.resolve();
    await vi.waitFor(() => expect(log).toEqual(['sticky settled', 'next ran']));
  });

  it('enters the errored state built by the factory when a run throws', async () => {
    const { machine } = setup();
    const failing: TestState = {
      name: 'Failing',
      index: 7,
      async run() {
        throw new Error('boom');
      },
    };
    machine.start(failing);
    await vi.waitFor(() => expect(machine.state?.name).toBe('Errored(Error: boom)'));
  });

  it('enters the errored state when an event throws', async () => {
    const { machine, state2 } = setup();
    machine.start(state2());
    await vi.waitFor(() => expect(machine.state?.name).toBe('State2'));
    machine.schedule(() => {
      throw new Error('bad event');
    });
    await vi.waitFor(() => expect(machine.state?.name).toBe('Errored(Error: bad event)'));
  });

  it('does not loop when the errored state itself throws', async () => {
    let erroredRuns = 0;
    const machine = new Machine<unknown, TestState>({
      errored: () => ({
        name: 'Errored',
        index: -1,
        async run() {
          erroredRuns++;
          throw new Error('errored failed too');
        },
      }),
    });
    machines.push(machine);
    machine.start({ name: 'Failing', index: 8, run: async () => Promise.reject(new Error('first')) });
    await vi.waitFor(() => expect(erroredRuns).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(erroredRuns).toBe(1);
    expect(machine.state?.name).toBe('Errored');
  });

  it('treats an error thrown after cancellation as the cancellation, not as a failure', async () => {
    const { machine, state3 } = setup();
    const throwsOnAbort: TestState = {
      name: 'ThrowsOnAbort',
      index: 9,
      run: (_context, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    };
    const target = state3();
    machine.start(throwsOnAbort);
    await vi.waitFor(() => expect(machine.state).toBe(throwsOnAbort));
    machine.schedule(() => target);
    await vi.waitFor(() => expect(machine.state).toBe(target));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(machine.state).toBe(target);
  });

  it('ignores start while already started', async () => {
    const { machine, state2, state3 } = setup();
    const first = state2();
    machine.start(first);
    machine.start(state3());
    await vi.waitFor(() => expect(machine.state).toBe(first));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(machine.state).toBe(first);
  });

  it('drops events queued before stop when it is started again', async () => {
    const { machine, counters, state2, state3 } = setup();
    const gate = deferred<TestState | undefined>();
    machine.start({ name: 'Gate', index: 10, run: () => gate.promise });
    await vi.waitFor(() => expect(machine.state?.name).toBe('Gate'));
    // The first event blocks the queue while Gate refuses to settle; the second waits behind it.
    machine.schedule(() => state3());
    machine.schedule(() => state3());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stopped = machine.stop();
    gate.resolve(undefined);
    await stopped;
    machine.start(state2());
    await vi.waitFor(() => expect(machine.state?.name).toBe('State2'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(machine.state?.name).toBe('State2');
    expect(counters.runs[2]).toBe(0);
  });

  it('starts again when start follows stop without waiting for it', async () => {
    const { machine, state2, state3 } = setup();
    machine.start(state2());
    await vi.waitFor(() => expect(machine.state?.name).toBe('State2'));
    const stopped = machine.stop();
    machine.start(state3());
    await stopped;
    await vi.waitFor(() => expect(machine.state?.name).toBe('State3'));
  });

  it('passes its context to runs and reports each state it enters', async () => {
    const entered: string[] = [];
    let seen: unknown;
    const context = { id: 'ctx' };
    const machine = new Machine<typeof context, State<typeof context, never>>({
      errored: () => {
        throw new Error('unused');
      },
      context,
      onEnter: (state) => entered.push(state.name),
    });
    machine.start({
      name: 'Only',
      async run(ctx) {
        seen = ctx;
        return undefined;
      },
    });
    await vi.waitFor(() => expect(seen).toBe(context));
    expect(entered).toEqual(['Only']);
    await machine.stop();
  });
});

describe('tracked tasks behind the machine', () => {
  it('cancels every tracked task and waits until each has settled', async () => {
    const { TrackedTasks } = await import('../../../../src-main/engine/sales/tracked-tasks');
    const tasks = new TrackedTasks();
    const settled: number[] = [];
    for (const n of [1, 2, 3]) {
      tasks.run(
        (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => setTimeout(() => (settled.push(n), resolve()), n * 5)),
          ),
        () => {},
      );
    }
    expect(tasks.size).toBe(3);
    await tasks.cancelAll();
    expect(settled.sort()).toEqual([1, 2, 3]);
    expect(tasks.size).toBe(0);
  });

  it('hands a failing task to its error handler instead of leaving it unhandled', async () => {
    const { TrackedTasks } = await import('../../../../src-main/engine/sales/tracked-tasks');
    const tasks = new TrackedTasks();
    const errors: unknown[] = [];
    const task = tasks.run(
      async () => Promise.reject(new Error('nope')),
      (e) => errors.push(e),
    );
    await task.done;
    expect(errors).toEqual([new Error('nope')]);
    expect(tasks.has(task)).toBe(false);
  });
});
