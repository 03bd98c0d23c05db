// The one interface the rest of the renderer talks to; ipc.ts and ws.ts implement it.
import type { CommandArgs, CommandName, CommandResult, EventMessage } from '../../src-main/api/contract';
import type { ApiError, ApiErrorCode } from '../../src-main/api/errors';

/** How the dashboard reaches the engine. */
export type Transport = 'ipc' | 'websocket';

/** Whether the engine can be reached right now. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** A failed command, carrying the api's stable code. */
export class BackendError extends Error {
  readonly code: ApiErrorCode;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'BackendError';
    this.code = error.code;
  }
}

/** The engine as the renderer sees it. */
export interface Backend {
  readonly transport: Transport;
  /** Runs a command; rejects with BackendError. */
  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Receives every event; returns the unsubscribe function. */
  listen(listener: (message: EventMessage) => void): () => void;
  /** Receives connection changes, starting with the current one. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Downloads a file the host serves under /api (the browser transport only), presenting the token. */
  fetchFile?(path: string): Promise<Blob>;
}
