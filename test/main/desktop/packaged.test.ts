// A packaged build keeps DevTools out of reach: disabled in the window, absent from the menu, and
// the shortcuts swallowed. Run against the Electron mock with app.isPackaged set.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron'));

const electron = await import('../../mocks/electron');
const { AppWindow } = await import('../../../src-main/desktop/app-window');
const { installAppMenu } = await import('../../../src-main/desktop/menu');
const { applySecurityPolicy } = await import('../../../src-main/desktop/security');

beforeAll(() => {
  electron.app.isPackaged = true;
});

type Menu = { role?: string; label?: string; submenu?: Menu[] };
const roles = (items: Menu[]): string[] => items.flatMap((i) => [i.role ?? '', ...roles(i.submenu ?? [])]);

function key(input: Partial<Record<'control' | 'meta' | 'shift' | 'alt', boolean>> & { key: string }) {
  return { type: 'keyDown', control: false, meta: false, shift: false, alt: false, ...input };
}

describe('a packaged build', () => {
  it('opens its window with devTools: false', () => {
    new AppWindow({
      preloadPath: '/p.cjs',
      dataDir: mkdtempSync(join(tmpdir(), 'sk-pkg-')),
      closeToTray: () => true,
    }).show();
    const prefs = electron.BrowserWindow.instances.at(-1)!.options.webPreferences as Record<string, unknown>;
    expect(prefs.devTools).toBe(false);
  });

  it('has no menu item that opens DevTools', () => {
    installAppMenu({ setSellingPaused: () => {}, dataDir: '/d' }, false);
    const all = roles(electron.Menu.applicationMenu as Menu[]);
    expect(all).not.toContain('viewMenu');
    expect(all).not.toContain('toggleDevTools');
    expect(all).toContain('togglefullscreen');
  });

  it('swallows the DevTools shortcuts and closes DevTools if they open anyway', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    applySecurityPolicy(electron.app as never, session as never, () => true);
    const contents = electron.createMockWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    const pressed = (input: ReturnType<typeof key>) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('before-input-event', event, input);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(pressed(key({ key: 'F12' }))).toBe(true);
    expect(pressed(key({ key: 'I', control: true, shift: true }))).toBe(true);
    expect(pressed(key({ key: 'j', control: true, shift: true }))).toBe(true);
    expect(pressed(key({ key: 'i', meta: true, alt: true }))).toBe(true);
    expect(pressed(key({ key: 'i', control: true }))).toBe(false);
    expect(pressed(key({ key: 'a' }))).toBe(false);
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(1);
  });
});
