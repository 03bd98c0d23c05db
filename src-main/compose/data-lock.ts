// The data-folder lock lives in storage/ (storage/folder-lock.ts), beside the files it guards.
export { DataFolderBusyError, lockDataFolder, type DataLock } from '../storage/folder-lock';
