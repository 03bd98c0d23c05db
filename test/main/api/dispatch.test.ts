import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src-main/api/dispatch';
import { ApiFailure } from '../../../src-main/api/errors';

const unused = async (): Promise<never> => {
  throw new Error('not used in this test');
};

function handlers(run: Handlers['status.get']['run'], mutates = false): Handlers {
  return {
    'status.get': { mutates, run },
    'live.snapshot': { mutates: false, run: unused },
    'availability.create': { mutates: true, run: unused },
    'availability.update': { mutates: true, run: unused },
    'selling.pause': { mutates: true, run: unused },
    'selling.resume': { mutates: true, run: unused },
    'settings.update': { mutates: true, run: unused },
    'slot.get': { mutates: false, run: unused },
    'slots.page': { mutates: false, run: unused },
    'history.page': { mutates: false, run: unused },
    'export.save': { mutates: false, run: unused },
    'quota.set': { mutates: true, run: unused },
    'availability.delete': { mutates: true, run: unused },
    'alerts.list': { mutates: false, run: unused },
    'alerts.dismiss': { mutates: true, run: unused },
    'alerts.dismissAll': { mutates: true, run: unused },
    'backup.create': { mutates: false, run: unused },
    'wallet.create': { mutates: true, run: unused },
    'wallet.import': { mutates: true, run: unused },
  };
}

const status = { now: 10, startedAt: 5, host: 'headless' as const, version: '0.0.0' };

describe('dispatcher', () => {
  it('runs a known command with valid arguments and returns its value', async () => {
    const api = createDispatcher(handlers(async () => status));
    await expect(api.invoke('status.get', {})).resolves.toEqual({ ok: true, value: status });
  });

  it('refuses an unknown command with a stable code and changes nothing', async () => {
    let calls = 0;
    const api = createDispatcher(handlers(async () => (calls++, status)));
    const result = await api.invoke('availability.delete-everything', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown-command', message: 'Unknown command "availability.delete-everything".' },
    });
    expect(calls).toBe(0);
  });

  it('refuses arguments the schema rejects before the handler runs', async () => {
    let calls = 0;
    const api = createDispatcher(handlers(async () => (calls++, status)));
    const result = await api.invoke('status.get', { unexpected: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-argument');
    expect(!result.ok && result.error.message).toContain('status.get');
    expect(calls).toBe(0);
  });

  it('turns a thrown handler error into an envelope instead of rejecting', async () => {
    const api = createDispatcher(
      handlers(async () => {
        throw new ApiFailure('not-found', 'Availability 0x01 not found');
      }),
    );
    await expect(api.invoke('status.get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Availability 0x01 not found' },
    });
  });

  it('maps errors without a known code to internal, keeping their message', async () => {
    const api = createDispatcher(
      handlers(async () => {
        throw new TypeError('boom');
      }),
    );
    await expect(api.invoke('status.get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('runs mutating commands one at a time in arrival order', async () => {
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const api = createDispatcher(
      handlers(async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        order.push(`start${order.length}`);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return status;
      }, true),
    );
    await Promise.all([api.invoke('status.get', {}), api.invoke('status.get', {}), api.invoke('status.get', {})]);
    expect(maxActive).toBe(1);
    expect(order).toHaveLength(3);
  });

  it('delivers emitted events to every subscriber until it unsubscribes', () => {
    const api = createDispatcher(handlers(async () => status));
    const seen: number[] = [];
    const stop = api.subscribe((m) => m.name === 'engine.tick' && seen.push(m.payload.now));
    api.emit('engine.tick', { now: 1 });
    stop();
    api.emit('engine.tick', { now: 2 });
    expect(seen).toEqual([1]);
  });
});
