import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestState, StorageRequest } from '../../../../src-main/engine/index';
import { SalesAgent } from '../../../../src-main/engine/sales/agent';
import { SaleRecorder } from '../../../../src-main/engine/sales/sale-recorder';
import { SaleState } from '../../../../src-main/engine/sales/state';
import { saleFixture, type SaleFixture } from '../../../fakes/sale-fixture';

/** Records the domain events it receives; its run waits until the agent leaves it. */
class MockState extends SaleState {
  readonly name = 'SaleUnknown';
  readonly calls = { cancelled: 0, failed: 0, slotFilled: 0 };
  async run(_agent: SalesAgent, signal: AbortSignal): Promise<SaleState | undefined> {
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    return undefined;
  }
  override onCancelled(): SaleState | undefined {
    this.calls.cancelled++;
    return undefined;
  }
  override onFailed(): SaleState | undefined {
    this.calls.failed++;
    return undefined;
  }
  override onSlotFilled(): SaleState | undefined {
    this.calls.slotFilled++;
    return undefined;
  }
}

let f: SaleFixture;
let state: MockState;
beforeEach(async () => {
  f = await saleFixture({ firstState: 'SaleUnknown' });
  state = new MockState();
});
afterEach(() => f.dispose());

const expiry = () => f.market.requestExpiry.get(f.requestId)!;

/** Starts the agent in MockState, watches the expiry, sets the request state and passes the expiry. */
async function passExpiry(requestState: RequestState): Promise<void> {
  f.agent.start(state);
  f.agent.subscribe();
  f.market.requestStates.set(f.requestId, requestState);
  await f.clock.advanceTo(expiry() + 1);
  await f.clock.settle();
}

describe('SalesAgent', () => {
  it('can retrieve request', async () => {
    const log = SaleRecorder.create(f.storage.history, f.context.events, f.clock, f.agent.record.sale);
    const agent = new SalesAgent(f.context, { requestId: f.requestId, slotIndex: f.slotIndex }, log);
    expect(agent.data.request).toBeUndefined();
    await agent.retrieveRequest();
    expect(agent.data.request).toEqual<StorageRequest>(f.request);
  });

  it('subscribe assigns cancelled future', () => {
    f.agent.subscribe();
    expect(f.agent.expiryWatcher).toBeDefined();
  });

  it('unsubscribe deassigns canceleld future', async () => {
    f.agent.subscribe();
    await f.agent.unsubscribe();
    expect(f.agent.expiryWatcher).toBeUndefined();
  });

  it('subscribe can be called multiple times, without overwriting subscriptions/futures', () => {
    f.agent.subscribe();
    const watcher = f.agent.expiryWatcher;
    f.agent.subscribe();
    expect(f.agent.expiryWatcher).toBe(watcher);
  });

  it('unsubscribe can be called multiple times', async () => {
    f.agent.subscribe();
    await f.agent.unsubscribe();
    await expect(f.agent.unsubscribe()).resolves.toBeUndefined();
  });

  it('current state onCancelled called when cancel emitted', async () => {
    await passExpiry('Cancelled');
    expect(state.calls.cancelled).toBe(1);
  });

  it.each(['New', 'Started', 'Finished', 'Failed'] as const)(
    'onCancelled is not called when request state is %s',
    async (s) => {
      await passExpiry(s);
      await f.clock.advanceTime(5);
      expect(state.calls.cancelled).toBe(0);
    },
  );

  it('keeps polling a request still New after its expiry, and tells the state once it reads Cancelled', async () => {
    await passExpiry('New');
    f.market.requestStates.set(f.requestId, 'Cancelled');
    await f.clock.advanceTime(1);
    expect(state.calls.cancelled).toBe(1);
  });

  it.each(['Started', 'Finished', 'Failed'] as const)(
    'cancelled future is finished when request state is %s',
    async (s) => {
      await passExpiry(s);
      await f.agent.expiryWatcher!.done;
      expect(f.clock.pendingTimers).toBe(0);
    },
  );

  it('cancelled future is finished (cancelled) when onFulfilled called', async () => {
    f.agent.subscribe();
    const watcher = f.agent.expiryWatcher!;
    f.agent.onFulfilled(f.requestId);
    await watcher.done;
    expect(watcher.signal.aborted).toBe(true);
  });

  it('ignores onFulfilled for another request', async () => {
    f.agent.subscribe();
    f.agent.onFulfilled('0x' + '99'.repeat(32));
    expect(f.agent.expiryWatcher!.signal.aborted).toBe(false);
  });

  it('current state onFailed called when onFailed called', async () => {
    f.agent.start(state);
    f.agent.onFailed(f.requestId);
    await f.clock.settle();
    expect(state.calls.failed).toBe(1);
  });

  it('current state onSlotFilled called when slot filled emitted', async () => {
    f.agent.start(state);
    f.agent.onSlotFilled(f.requestId, f.slotIndex);
    f.agent.onSlotFilled(f.requestId, f.slotIndex + 1n);
    await f.clock.settle();
    expect(state.calls.slotFilled).toBe(1);
  });

  it('equals another agent of the same slot', () => {
    const other = new SalesAgent(f.context, { requestId: f.requestId, slotIndex: f.slotIndex }, f.agent.record);
    const elsewhere = new SalesAgent(f.context, { requestId: f.requestId, slotIndex: 0n }, f.agent.record);
    expect(f.agent.equals(other)).toBe(true);
    expect(f.agent.equals(elsewhere)).toBe(false);
  });

  it('reports its state name, records each state entered, and forgets the state when stopped', async () => {
    f.agent.start(state);
    await f.clock.settle();
    expect(f.agent.state()).toBe('SaleUnknown');
    expect(f.storage.history.steps(f.agent.record.id).map((s) => s.state)).toEqual(['SaleUnknown', 'SaleUnknown']);
    await f.agent.stop();
    expect(f.agent.state()).toBeUndefined();
    expect(f.agent.expiryWatcher).toBeUndefined();
  });
});
