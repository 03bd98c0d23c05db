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
  /** The engine's facts beside the message (the field, the operator's words, a limit), all strings. */
  readonly details: Readonly<Record<string, string>> | undefined;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'BackendError';
    this.code = error.code;
    this.details = stringRecord(error.details);
  }
}

/** Details as a record of strings, or undefined when they are anything else. */
function stringRecord(details: unknown): Readonly<Record<string, string>> | undefined {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const entries = Object.entries(details).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Where an export went: a file the desktop wrote, a file for the browser to save, or nowhere (cancelled). */
export type ExportOutcome =
  | { kind: 'saved'; path: string; rows: number }
  | { kind: 'download'; blob: Blob; filename: string; rows: number }
  | { kind: 'cancelled' };

/** The engine as the renderer sees it. */
export interface Backend {
  readonly transport: Transport;
  /** Runs a command; rejects with BackendError. */
  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Receives every event; returns the unsubscribe function. */
  listen(listener: (message: EventMessage) => void): () => void;
  /** Receives connection changes, starting with the current one. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Exports every row of a table as CSV, streamed by the engine; rejects with BackendError. */
  exportCsv(request: CommandArgs<'export.save'>): Promise<ExportOutcome>;
  /** Downloads a file the host serves under /api (the browser transport only), presenting the token. */
  fetchFile?(path: string): Promise<Blob>;
}
