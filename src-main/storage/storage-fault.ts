// Write failures that are the disk's fault, in the engine's terms: a full disk, a read-only mount,
// a folder we may not write, a failing device. Node reports them as errno codes, SQLite as its own
// result codes; both become StorageFaultError, so the engine can stop taking slots and wait for
// the disk instead of failing sales (or crashing) over it. Anything else passes through unchanged.
import { StorageFaultError, type StorageFaultKind } from '../engine/index';

const errnoKinds: Readonly<Record<string, StorageFaultKind>> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EFBIG: 'disk-full',
  EROFS: 'read-only',
  EACCES: 'no-permission',
  EPERM: 'no-permission',
  EIO: 'io-error',
};

/** The fault behind a Node or SQLite error, if it is one. */
export function storageFaultKind(error: unknown): StorageFaultKind | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code in errnoKinds) return errnoKinds[code];
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_CANTOPEN') return 'no-permission';
  if (code.startsWith('SQLITE_IOERR')) return 'io-error';
  return undefined;
}

const what: Readonly<Record<StorageFaultKind, string>> = {
  'disk-full': 'the disk is full',
  'read-only': 'the disk is mounted read-only',
  'no-permission': 'Slotkeeper may not write there',
  'io-error': 'the disk reported an I/O error',
};

/** `error` as a StorageFaultError naming `where`, or `error` itself when the disk is not to blame. */
export function asStorageFault(error: unknown, where: string): unknown {
  if (error instanceof StorageFaultError) return error;
  const kind = storageFaultKind(error);
  if (kind === undefined) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageFaultError(kind, `Cannot write ${where}: ${what[kind]} (${detail})`, { cause: error });
}

/** Runs `work`, turning a disk fault it throws into a StorageFaultError. */
export function guardWrite<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asStorageFault(error, where);
  }
}

/** The same for asynchronous work. */
export async function guardWriteAsync<T>(where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asStorageFault(error, where);
  }
}
