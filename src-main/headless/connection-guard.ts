// Caps the TCP connections the headless host keeps open, so idle or hostile clients cannot use up
// its file descriptors (Linux's default soft limit is 1,024 per process, shared with SQLite's
// files, slot data and the market's sockets) nor lock out the operator. A connection counts as
// unauthenticated until it presents the token: those get a short idle deadline and a low cap, and
// when the cap is reached the oldest one is closed to make room, so a flood of idle connections
// never keeps a newcomer out. Authenticated connections have their own, higher cap.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The caps and the deadline. */
export interface ConnectionLimits {
  /** Connections that have not presented the token yet (the dashboard's files load this way). */
  maxUnauthenticated: number;
  /** How long an unauthenticated connection may sit idle before it is closed, in ms. */
  unauthenticatedIdleMs: number;
  /** Connections that presented the token: dashboards, the SDK, scripts. */
  maxAuthenticated: number;
}

/** 64 + 128 connections stay far below 1,024 descriptors, leaving the rest to the engine. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxUnauthenticated: 64,
  unauthenticatedIdleMs: 10_000,
  maxAuthenticated: 128,
};

/** Watches a server's connections and enforces the limits. */
export class ConnectionGuard {
  // Insertion order is age order: the first entry is the oldest.
  readonly #unauthenticated = new Set<Socket>();
  readonly #authenticated = new Set<Socket>();
  readonly #limits: ConnectionLimits;
  readonly #log: (line: string) => void;

  constructor(server: Server, limits: ConnectionLimits, log: (line: string) => void) {
    this.#limits = limits;
    this.#log = log;
    // A hard stop in case something slips past the counts below (the OS refuses nothing before it).
    server.maxConnections = limits.maxUnauthenticated + limits.maxAuthenticated + 16;
    server.on('connection', (socket: Socket) => this.#admit(socket));
  }

  #admit(socket: Socket): void {
    if (this.#unauthenticated.size >= this.#limits.maxUnauthenticated) {
      const oldest = this.#unauthenticated.values().next().value!;
      this.#unauthenticated.delete(oldest);
      oldest.destroy();
      this.#log(`closed the oldest unauthenticated connection: ${this.#limits.maxUnauthenticated} were open`);
    }
    this.#unauthenticated.add(socket);
    socket.setTimeout(this.#limits.unauthenticatedIdleMs, () => {
      if (this.#unauthenticated.has(socket)) socket.destroy();
    });
    socket.once('close', () => {
      this.#unauthenticated.delete(socket);
      this.#authenticated.delete(socket);
    });
  }

  /**
   * Moves a connection that presented the token into the authenticated pool; false when that pool
   * is full (the caller answers 503 and the connection stays unauthenticated).
   */
  authenticate(socket: Socket): boolean {
    if (this.#authenticated.has(socket)) return true;
    if (this.#authenticated.size >= this.#limits.maxAuthenticated) return false;
    this.#unauthenticated.delete(socket);
    this.#authenticated.add(socket);
    socket.setTimeout(0);
    return true;
  }
}
