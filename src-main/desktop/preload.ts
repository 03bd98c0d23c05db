// Exposes the api to the sandboxed renderer as `window.api`: invoke and listen, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventMessage, WindowApi } from '../api/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const api: WindowApi = {
  invoke: (name, args) => ipcRenderer.invoke(INVOKE_CHANNEL, name, args),
  listen(listener) {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('api', api);
