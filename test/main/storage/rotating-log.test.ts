import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLog } from '../../../src-main/storage/rotating-log';

describe('rotating log', () => {
  it('writes one JSON line per entry, bigints as decimal strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-log-'));
    const log = new RotatingLog(dir);
    log.info('reservation created', { size: 2n ** 70n });
    const [line] = readFileSync(log.file, 'utf8').trim().split('\n');
    expect(JSON.parse(line!)).toMatchObject({
      level: 'info',
      message: 'reservation created',
      size: '1180591620717411303424',
    });
  });

  it('rotates by size and keeps only the configured number of old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-log-'));
    const log = new RotatingLog(dir, { maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.info(`entry ${i}`, { padding: 'x'.repeat(40) });
    expect(readdirSync(dir).sort()).toEqual(['slotkeeper.1.log', 'slotkeeper.2.log', 'slotkeeper.log']);
    expect(readFileSync(join(dir, 'slotkeeper.log'), 'utf8')).toContain('entry 39');
    expect(readFileSync(join(dir, 'slotkeeper.2.log'), 'utf8')).not.toContain('entry 0"');
  });

  it('leaves debug entries out unless asked for them', () => {
    const quiet = new RotatingLog(mkdtempSync(join(tmpdir(), 'sk-log-')), undefined, undefined, false);
    quiet.debug('enter state');
    quiet.info('started');
    expect(readFileSync(quiet.file, 'utf8')).not.toContain('enter state');
    const verbose = new RotatingLog(mkdtempSync(join(tmpdir(), 'sk-log-')), undefined, undefined, true);
    verbose.debug('enter state');
    expect(readFileSync(verbose.file, 'utf8')).toContain('enter state');
  });

  it('echoes warnings and errors but not routine entries', () => {
    const echoed: string[] = [];
    const log = new RotatingLog(mkdtempSync(join(tmpdir(), 'sk-log-')), undefined, (l) => echoed.push(l));
    log.info('routine');
    log.warn('disk almost full');
    log.error('proof missed');
    expect(echoed).toEqual(['warn: disk almost full', 'error: proof missed']);
  });

  it('keeps the host running when the log file cannot be written, says so once, and tells when it can again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-log-'));
    const echoed: string[] = [];
    const log = new RotatingLog(dir, undefined, (line) => echoed.push(line));
    // A folder where the file should be: every append fails (as on a full or read-only disk).
    mkdirSync(log.file);
    expect(() => {
      log.info('first');
      log.warn('second');
    }).not.toThrow();
    expect(echoed.filter((l) => l.startsWith('error: cannot write the log file'))).toHaveLength(1);
    expect(echoed).toContain('info: first');
    expect(echoed).toContain('warn: second');
    rmSync(log.file, { recursive: true });
    log.info('third');
    expect(echoed.at(-1)).toBe('info: the log file takes writes again (2 lines were not written to it)');
    expect(readFileSync(log.file, 'utf8')).toContain('"third"');
  });
});
