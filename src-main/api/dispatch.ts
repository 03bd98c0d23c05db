// The transport-free dispatcher: validates arguments, serialises writes, turns every failure into
// an ApiError envelope and fans events out. Electron IPC and the WebSocket bridge both serve it.
import {
  commandArgs,
  type CommandName,
  type Commands,
  type EventMessage,
  type EventName,
  type Events,
  type InvokeResult,
} from './contract';
import { toApiError } from './errors';

/** One handler per command; `mutates` commands run one at a time, in arrival order. */
export type Handlers = {
  [K in CommandName]: { mutates: boolean; run: Commands[K] };
};

/** The api as hosts see it. */
export interface ApiService {
  /** Runs a command by name with untrusted arguments; never throws. */
  invoke(name: string, args: unknown): Promise<InvokeResult>;
  /** Registers a listener for every event; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /** Pushes an event to every listener. */
  emit<K extends EventName>(name: K, payload: Events[K]): void;
}

// Every command must have an argument schema: this assignment fails to compile otherwise.
const argumentSchemas: Record<CommandName, (typeof commandArgs)[CommandName]> = commandArgs;

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(argumentSchemas, name);
}

/** Builds the dispatcher over a handler table. */
export function createDispatcher(handlers: Handlers): ApiService {
  const listeners = new Set<(message: EventMessage) => void>();
  let writes: Promise<unknown> = Promise.resolve();

  async function run(name: CommandName, args: unknown): Promise<unknown> {
    const handler = handlers[name] as { mutates: boolean; run: (a: unknown) => Promise<unknown> };
    if (!handler.mutates) return handler.run(args);
    const result = writes.then(() => handler.run(args));
    writes = result.catch(() => undefined);
    return result;
  }

  return {
    async invoke(name, args) {
      if (typeof name !== 'string' || !isCommandName(name)) {
        return { ok: false, error: { code: 'unknown-command', message: `Unknown command "${String(name)}".` } };
      }
      const parsed = argumentSchemas[name].safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
        return {
          ok: false,
          error: { code: 'invalid-argument', message: `Invalid arguments for ${name}: ${issues.join('; ')}` },
        };
      }
      try {
        return { ok: true, value: await run(name, parsed.data) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      const message = { name, payload } as EventMessage;
      for (const listener of listeners) listener(message);
    },
  };
}
