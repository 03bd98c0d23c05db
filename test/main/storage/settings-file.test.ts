import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  savedChainSettings,
  savedNetworkSettings,
  SettingsFile,
} from '../../../src-main/storage/settings-file';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sk-settings-'));

describe('settings file', () => {
  it('starts from defaults and writes nothing until something changes', () => {
    const dir = dataDir();
    const settings = new SettingsFile(dir);
    expect(settings.get()).toEqual(defaultSettings());
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('persists a change so a restart sees it', () => {
    const dir = dataDir();
    new SettingsFile(dir).update({ sellingPaused: true, notifications: { payout: false } });
    const reopened = new SettingsFile(dir).get();
    expect(reopened.sellingPaused).toBe(true);
    expect(reopened.notifications.payout).toBe(false);
    expect(reopened.notifications['slot-won']).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('sets an unreadable file aside instead of overwriting it, and says so', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json'), '{"sellingPaused": tru');
    const settings = new SettingsFile(dir);
    expect(settings.get()).toEqual(defaultSettings());
    expect(settings.problem).toMatch(/is not valid JSON.*kept as .*unreadable-\d+/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.unreadable-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"sellingPaused": tru');
  });

  it('refuses values of the wrong type in the file', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ sellingPaused: 'yes' }));
    const settings = new SettingsFile(dir);
    expect(settings.problem).toContain('sellingPaused');
    expect(settings.get().sellingPaused).toBe(false);
  });

  it('fills keys an older version did not write with their defaults', () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ sellingPaused: true, notifications: { payout: false } }),
    );
    const settings = new SettingsFile(dir);
    expect(settings.problem).toBeUndefined();
    expect(settings.get()).toMatchObject({
      sellingPaused: true,
      closeToTray: true,
      notifications: { payout: false, 'slot-won': true },
    });
  });

  it('keeps the alert settings: low marks set and reset to their defaults, severity switches merged', () => {
    const dir = dataDir();
    const settings = new SettingsFile(dir);
    expect(settings.get().alerts).toEqual({ notify: { info: false, warning: true, error: true, critical: true } });
    settings.update({ alerts: { minTokenBalance: '5000', notify: { warning: false } } });
    settings.update({ alerts: { minGasBalance: '7' } });
    expect(new SettingsFile(dir).get().alerts).toEqual({
      minTokenBalance: '5000',
      minGasBalance: '7',
      notify: { info: false, warning: false, error: true, critical: true },
    });
    settings.update({ alerts: { minTokenBalance: null } });
    expect(new SettingsFile(dir).get().alerts).toEqual({
      minGasBalance: '7',
      notify: { info: false, warning: false, error: true, critical: true },
    });
    expect(() => settings.update({ alerts: { minGasBalance: '-1' } })).toThrow();
    expect(settings.get().alerts.minGasBalance).toBe('7');
  });

  it('gives a file from before alerts the default alert settings', () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ sellingPaused: false, alerts: { notify: { info: true } } }),
    );
    expect(new SettingsFile(dir).get().alerts).toEqual({
      notify: { info: true, warning: true, error: true, critical: true },
    });
  });

  it('keeps the chain options until they are forgotten, and the headless start reads them without touching the file', () => {
    const dir = dataDir();
    const chain = {
      rpcUrl: 'https://rpc.example.org',
      marketplace: '0x' + 'ab'.repeat(20),
      keystore: '/k/wallet.json',
    };
    expect(savedChainSettings(dir)).toBeUndefined();
    new SettingsFile(dir).update({ chain });
    expect(new SettingsFile(dir).get().chain).toEqual(chain);
    expect(savedChainSettings(dir)).toEqual(chain);
    new SettingsFile(dir).update({ chain: null });
    expect(new SettingsFile(dir).get().chain).toBeUndefined();
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    expect(savedChainSettings(dir)).toBeUndefined();
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{ not json');
  });

  it('keeps the network options beside the chain ones until forgotten, and the headless start reads them', () => {
    const dir = dataDir();
    const network = { listenAddrs: ['/ip4/0.0.0.0/tcp/8071'], discPort: 8091, extIp: '203.0.113.7' };
    expect(savedNetworkSettings(dir)).toBeUndefined();
    new SettingsFile(dir).update({ network, closeToTray: false });
    expect(new SettingsFile(dir).get()).toMatchObject({ network, closeToTray: false });
    expect(savedNetworkSettings(dir)).toEqual(network);
    new SettingsFile(dir).update({ closeToTray: true });
    expect(savedNetworkSettings(dir)).toEqual(network);
    new SettingsFile(dir).update({ network: null });
    expect(new SettingsFile(dir).get().network).toBeUndefined();
    expect(savedNetworkSettings(dir)).toBeUndefined();
  });

  it('refuses to store a malformed network entry and keeps the file as it was', () => {
    const dir = dataDir();
    const file = new SettingsFile(dir);
    file.update({ network: { discPort: 8091 } });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(() => file.update({ network: { discPort: 70000 } })).toThrow();
    expect(() => file.update({ network: { listenAddrs: [] } })).toThrow();
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(file.get().network).toEqual({ discPort: 8091 });
  });
});
