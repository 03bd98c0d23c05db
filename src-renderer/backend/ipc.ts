// The Electron transport: the preload's window.api.
import type { CommandArgs, CommandName, CommandResult, WindowApi } from '../../src-main/api/contract';
import { BackendError, type Backend } from './backend';

/** Wraps the preload bridge. */
export function createIpcBackend(api: WindowApi): Backend {
  return {
    transport: 'ipc',
    async invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      const result = await api.invoke(name, args);
      if (!result.ok) throw new BackendError(result.error);
      return result.value as CommandResult<K>;
    },
    listen: (listener) => api.listen(listener),
    async exportCsv(request) {
      // The desktop writes the file itself, into the place the operator picks in its save dialog.
      const result = await api.invoke('export.save', request);
      if (!result.ok) throw new BackendError(result.error);
      const saved = result.value as CommandResult<'export.save'>;
      return saved.saved && saved.path !== undefined
        ? { kind: 'saved', path: saved.path, rows: saved.rows }
        : { kind: 'cancelled' };
    },
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}
