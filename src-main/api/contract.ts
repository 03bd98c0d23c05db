// The api declared once: every command's arguments schema and result type, and every event.
// Hosts (IPC, WebSocket) and the renderer are typed from these maps; the renderer may import
// this file for types and schemas only.
import { z } from 'zod';
import type { ApiError } from './errors';

/** The WebSocket subprotocol the dashboard speaks in headless mode. */
export const WS_PROTOCOL = 'slotkeeper.v1';
/** Prefix of the second subprotocol, which carries the token (browsers cannot set headers on WebSocket). */
export const WS_TOKEN_PREFIX = 'token.';

/** Which shell serves the api. */
export const hostKindSchema = z.enum(['desktop', 'headless']);

/** The engine's heartbeat: proves a value crosses the boundary live. */
export const engineStatusSchema = z.object({
  /** Engine clock, unix seconds. */
  now: z.number().int(),
  /** When the engine started, unix seconds. */
  startedAt: z.number().int(),
  host: hostKindSchema,
  version: z.string(),
});

/** Engine status as the dashboard shows it. */
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** Argument schemas, one per command; the dispatcher validates every call against them. */
export const commandArgs = {
  'status.get': z.object({}).strict(),
} as const;

/** Every command the api serves: name → handler signature. */
export interface Commands {
  'status.get': (args: z.infer<(typeof commandArgs)['status.get']>) => Promise<EngineStatus>;
}

/** Every event the api pushes: name → payload. */
export interface Events {
  'engine.tick': { now: number };
}

/** A command's name. */
export type CommandName = keyof Commands;
/** A command's argument object. */
export type CommandArgs<K extends CommandName> = Parameters<Commands[K]>[0];
/** A command's resolved result. */
export type CommandResult<K extends CommandName> = Awaited<ReturnType<Commands[K]>>;
/** An event's name. */
export type EventName = keyof Events;

/** What an invocation returns over any transport: a value or an error envelope, never a thrown error. */
export type InvokeResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

/** One message pushed to listeners. */
export interface EventMessage<K extends EventName = EventName> {
  name: K;
  payload: Events[K];
}

/** The bridge the preload exposes as `window.api` (and the WebSocket client mirrors). */
export interface WindowApi {
  invoke(name: string, args: unknown): Promise<InvokeResult>;
  listen(listener: (message: EventMessage) => void): () => void;
}
