// Log files in the data folder: one line of JSON per entry, rotated by size so a node that runs for
// months never fills its disk with logs.
import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../engine/index';
import { ensurePrivateFolder } from './private-files';

/** Sizes that govern rotation. */
export interface RotationLimits {
  /** Rotate when the current file passes this many bytes. */
  maxBytes: number;
  /** How many rotated files to keep (slotkeeper.1.log … slotkeeper.N.log). */
  keep: number;
}

/** A Logger writing to `<dir>/slotkeeper.log`, also echoing warnings and errors to `echo`. */
export class RotatingLog implements Logger {
  readonly file: string;
  readonly #dir: string;
  readonly #limits: RotationLimits;
  readonly #echo: ((line: string) => void) | undefined;
  readonly #debug: boolean;
  #size: number;
  /** Lines lost since the log file last took a write (a full or read-only disk). */
  #dropped = 0;

  constructor(
    dir: string,
    limits: RotationLimits = { maxBytes: 5 * 1024 * 1024, keep: 5 },
    echo?: (line: string) => void,
    /** Also write debug entries (every state change of every sale); off unless asked for. */
    debug = process.env.SLOTKEEPER_DEBUG === '1',
  ) {
    this.#debug = debug;
    // Logs name slots, requests and amounts: for the operator's eyes only.
    ensurePrivateFolder(dir);
    this.#dir = dir;
    this.#limits = limits;
    this.#echo = echo;
    this.file = join(dir, 'slotkeeper.log');
    this.#size = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  #rotate(): void {
    const path = (n: number) => join(this.#dir, `slotkeeper.${n}.log`);
    rmSync(path(this.#limits.keep), { force: true });
    for (let n = this.#limits.keep - 1; n >= 1; n--) if (existsSync(path(n))) renameSync(path(n), path(n + 1));
    if (existsSync(this.file)) renameSync(this.file, path(1));
    this.#size = 0;
  }

  #write(level: string, message: string, context?: Record<string, unknown>): void {
    const line =
      JSON.stringify({ at: new Date().toISOString(), level, message, ...context }, (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v instanceof Error ? { name: v.name, message: v.message } : v,
      ) + '\n';
    // A log that cannot be written must not take the host down with it (a full disk would end in a
    // crash that stops proofs for every held slot): the line goes to the echo, and the loss is told
    // once until the file takes writes again.
    try {
      if (this.#size + line.length > this.#limits.maxBytes && this.#size > 0) this.#rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.#size += Buffer.byteLength(line);
      if (this.#dropped > 0) {
        this.#echo?.(`info: the log file takes writes again (${this.#dropped} lines were not written to it)`);
        this.#dropped = 0;
      }
    } catch (error) {
      if (this.#dropped++ === 0)
        this.#echo?.(`error: cannot write the log file ${this.file} (${(error as Error).message}); lines go here only`);
      if (level !== 'warn' && level !== 'error') this.#echo?.(`${level}: ${message}`);
    }
    if (this.#echo && (level === 'warn' || level === 'error')) this.#echo(`${level}: ${message}`);
  }

  debug(message: string, context?: Record<string, unknown>): void {
    if (this.#debug) this.#write('debug', message, context);
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.#write('info', message, context);
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.#write('warn', message, context);
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.#write('error', message, context);
  }
}
