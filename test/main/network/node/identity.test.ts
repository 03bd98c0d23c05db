import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../../src-main/network/errors';
import { loadOrCreateIdentity } from '../../../../src-main/network/node/identity';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'slotkeeper-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the node identity', () => {
  it('is a secp256k1 key created once, owner-only, in the libp2p protobuf format Codex reads', async () => {
    const dir = join(temp(), 'new');
    const key = await loadOrCreateIdentity(dir);
    expect(key.type).toBe('secp256k1');
    expect(peerIdFromPrivateKey(key).toString()).toMatch(/^16Uiu2HA/);
    const file = join(dir, 'key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // {1: KeyType.secp256k1 = 2, 2: 32 raw bytes}
    expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x08, 0x02, 0x12, 0x20]);
    const again = await loadOrCreateIdentity(dir);
    expect(peerIdFromPrivateKey(again).equals(peerIdFromPrivateKey(key))).toBe(true);
  });

  it('refuses a key file others can read, saying how to fix it', async () => {
    const dir = temp();
    await loadOrCreateIdentity(dir);
    chmodSync(join(dir, 'key'), 0o644);
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(NetworkError);
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/readable by others \(mode 0644\); run: chmod 600 .*key/);
  });

  it('refuses an Ed25519 key and garbage', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'key'), privateKeyToProtobuf(await generateKeyPair('Ed25519')), { mode: 0o600 });
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/holds a Ed25519 key; Codex peers accept only secp256k1/);
    writeFileSync(join(dir, 'key'), 'not a key', { mode: 0o600 });
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/does not hold a libp2p private key/);
  });

  it('gives two processes starting at once the same identity', async () => {
    const dir = temp();
    const [a, b] = await Promise.all([loadOrCreateIdentity(dir), loadOrCreateIdentity(dir)]);
    expect(peerIdFromPrivateKey(a).equals(peerIdFromPrivateKey(b))).toBe(true);
  });
});
