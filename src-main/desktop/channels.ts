// IPC channel names shared by the preload and main; the preload knows no command names.

/** Renderer → main: run a command, answered with an InvokeResult. */
export const INVOKE_CHANNEL = 'slotkeeper:invoke';
/** Main → renderer: one api event. */
export const EVENT_CHANNEL = 'slotkeeper:event';
