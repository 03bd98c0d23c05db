import { randomBytes } from 'node:crypto';

/** A deterministic 32-byte id in the engine's format (0x + 64 lowercase hex) for test number `n`. */
export function testId(n: number): string {
  return `0x${n.toString(16).padStart(64, '0')}`;
}

/** A fresh random 32-byte id in the engine's format. */
export function randomId(): string {
  return `0x${randomBytes(32).toString('hex')}`;
}
