// Whether the dashboard can reach the engine, and through which transport.
import type { Backend, ConnectionState as Link, Transport } from '../backend';

/** Connection status as rune state. */
export class ConnectionState {
  link = $state<Link>('connecting');
  readonly transport: Transport;

  constructor(backend: Backend) {
    this.transport = backend.transport;
    backend.onConnection((link) => (this.link = link));
  }
}
