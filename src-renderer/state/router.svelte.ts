// Hash routes (#/overview, #/slots/<id>, …): no router dependency, works from file:// in
// Electron and from / in headless mode, and survives reloads.

/** A screen and its parameters. */
export type Route =
  | { view: 'overview' }
  | { view: 'availabilities' }
  | { view: 'availability-new' }
  | { view: 'availability-edit'; id: string }
  | { view: 'reservations' }
  | { view: 'slots' }
  | { view: 'slot'; slotId: string }
  | { view: 'queue' }
  | { view: 'history' }
  | { view: 'alerts' }
  | { view: 'settings' };

const simple = [
  'overview',
  'availabilities',
  'reservations',
  'slots',
  'queue',
  'history',
  'alerts',
  'settings',
] as const;

/** The route a location hash names; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'availabilities' && second === 'new') return { view: 'availability-new' };
  if (first === 'availabilities' && second) return { view: 'availability-edit', id: second };
  if (first === 'slots' && second) return { view: 'slot', slotId: second };
  const match = simple.find((v) => v === first);
  return match ? { view: match } : { view: 'overview' };
}

/** The hash for a route. */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'availability-new':
      return '#/availabilities/new';
    case 'availability-edit':
      return `#/availabilities/${encodeURIComponent(route.id)}`;
    case 'slot':
      return `#/slots/${encodeURIComponent(route.slotId)}`;
    default:
      return `#/${route.view}`;
  }
}

/** The current route as rune state, following the address bar. */
export class Router {
  route = $state<Route>({ view: 'overview' });
  readonly #window: Window;

  constructor(win: Window = window) {
    this.#window = win;
    this.route = parseRoute(win.location.hash);
  }

  /** Follows back/forward and typed addresses; returns the function that stops following. */
  start(): () => void {
    const follow = () => (this.route = parseRoute(this.#window.location.hash));
    this.#window.addEventListener('hashchange', follow);
    return () => this.#window.removeEventListener('hashchange', follow);
  }

  /** Goes to a route, adding a history entry. */
  go(route: Route): void {
    this.route = route;
    const hash = routeHash(route);
    if (this.#window.location.hash !== hash) this.#window.location.hash = hash;
  }
}
