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
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}
