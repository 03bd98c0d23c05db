import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../../src-renderer/state/router.svelte';

describe('routes', () => {
  it('reads every view from its hash and writes the same hash back', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'availabilities' },
      { view: 'availability-new' },
      { view: 'availability-edit', id: '0xabc' },
      { view: 'reservations' },
      { view: 'slots' },
      { view: 'slot', slotId: '0x' + 'f'.repeat(64) },
      { view: 'queue' },
      { view: 'history' },
      { view: 'alerts' },
      { view: 'settings' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('falls back to the overview for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ view: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'overview' });
    expect(parseRoute('#token=abc')).toEqual({ view: 'overview' });
  });
});
