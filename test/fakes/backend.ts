// A scripted Backend for renderer tests: answers commands from a table and lets a test push events.
import type { CommandName, EventMessage } from '../../src-main/api/contract';
import type { ApiError } from '../../src-main/api/errors';
import { BackendError, type Backend, type ConnectionState, type ExportOutcome } from '../../src-renderer/backend';

type Answer = unknown | { error: ApiError };

/** A backend whose answers and events the test controls. */
export class FakeBackend implements Backend {
  readonly transport = 'websocket' as const;
  readonly calls: { name: string; args: unknown }[] = [];
  #listeners = new Set<(m: EventMessage) => void>();
  #connection = new Set<(s: ConnectionState) => void>();
  #answers: Partial<Record<CommandName, Answer>>;
  link: ConnectionState = 'open';

  constructor(answers: Partial<Record<CommandName, Answer>>) {
    this.#answers = answers;
  }

  async invoke(name: CommandName, args: unknown): Promise<never> {
    this.calls.push({ name, args });
    if (!(name in this.#answers)) {
      // An unscripted command fails like an unreachable engine would, never with undefined.
      throw new BackendError({ code: 'unavailable', message: `FakeBackend has no answer for ${name}` });
    }
    const answer = this.#answers[name];
    if (answer && typeof answer === 'object' && 'error' in answer)
      throw new BackendError((answer as { error: ApiError }).error);
    return answer as never;
  }

  listen(listener: (m: EventMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.#connection.add(listener);
    listener(this.link);
    return () => this.#connection.delete(listener);
  }

  /** Answers an export from the 'export.save' entry of the table (a cancelled one when there is none). */
  async exportCsv(request: unknown): Promise<ExportOutcome> {
    this.calls.push({ name: 'export', args: request });
    const answer = this.#answers['export.save'];
    if (answer && typeof answer === 'object' && 'error' in answer)
      throw new BackendError((answer as { error: ApiError }).error);
    return (answer as ExportOutcome | undefined) ?? { kind: 'cancelled' };
  }

  /** Delivers an event as the engine would. */
  push(message: EventMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  /** Changes the connection state. */
  setLink(link: ConnectionState): void {
    this.link = link;
    for (const listener of this.#connection) listener(link);
  }
}
