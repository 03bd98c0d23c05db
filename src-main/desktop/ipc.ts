// Serves the api over IPC. Every call is checked to come from the app's own page before its
// arguments reach the dispatcher (which validates them again against the contract's schemas).
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { InvokeResult } from '../api/contract';
import type { ApiService } from '../api/dispatch';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/** Registers the invoke handler and forwards events to `target`; returns a disposer. */
export function registerIpc(
  ipcMain: IpcMain,
  api: ApiService,
  isTrustedSender: (url: string) => boolean,
  target: () => WebContents | undefined,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, args: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedSender(url)) {
      const refused: InvokeResult = {
        ok: false,
        error: {
          code: 'unauthorized',
          message: `IPC from ${url || 'an unknown frame'} refused: not the Slotkeeper dashboard.`,
        },
      };
      return refused;
    }
    return api.invoke(typeof name === 'string' ? name : String(name), args);
  });
  const unsubscribe = api.subscribe((message) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
