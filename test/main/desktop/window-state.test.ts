import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../../src-main/desktop/window-state';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('remembers size and position across launches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-win-'));
    saveWindowState(dir, { x: 100, y: 80, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(dir, [display])).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: false });
  });

  it('ignores a position on a display that is no longer there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-win-'));
    saveWindowState(dir, { x: 2500, y: 100, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(dir, [display])).toBeUndefined();
  });

  it('ignores a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-win-'));
    writeFileSync(join(dir, 'window-state.json'), '{"x":');
    expect(loadWindowState(dir, [display])).toBeUndefined();
  });
});
