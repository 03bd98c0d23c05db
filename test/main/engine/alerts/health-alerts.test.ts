import { describe, expect, it } from 'vitest';
import {
  chainReachability,
  raiseDataFolderUnwritable,
  raisePeersUnreachable,
  Reachability,
  resolveDataFolderUnwritable,
  resolvePeersUnreachable,
} from '../../../../src-main/engine/index';
import { RecordingAlerter } from '../../../fakes/recording-alerter';

describe('data folder alerts', () => {
  it('raises a critical alert naming what could not be written and why, and resolves it', () => {
    const alerter = new RecordingAlerter();
    const error = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    raiseDataFolderUnwritable(alerter, { what: 'slot data', path: '/data/repo/0x12', error });
    resolveDataFolderUnwritable(alerter);
    expect(alerter.raised()).toMatchObject([
      {
        key: 'data-folder-unwritable',
        category: 'storage',
        severity: 'critical',
        data: { what: 'slot data', path: '/data/repo/0x12', reason: 'EROFS: read-only file system' },
      },
    ]);
    expect(alerter.raised()[0]!.message).toContain('could not write slot data (/data/repo/0x12: EROFS');
    expect(alerter.resolved()).toEqual(['data-folder-unwritable']);
  });
});

describe('reachability', () => {
  it('raises the chain alert only after three failures in a row, once, and resolves on the next answer', () => {
    const alerter = new RecordingAlerter();
    const chain = chainReachability(alerter, 'https://rpc.example');
    chain.failed(new Error('timeout'));
    chain.failed(new Error('timeout'));
    chain.reached();
    chain.failed(new Error('timeout'));
    chain.failed(new Error('timeout'));
    expect(alerter.calls).toEqual([]);
    chain.failed(new Error('ECONNREFUSED'));
    chain.failed(new Error('ECONNREFUSED'));
    expect(chain.unreachable).toBe(true);
    expect(alerter.raised()).toMatchObject([
      {
        key: 'chain-unreachable',
        category: 'chain',
        severity: 'error',
        data: { url: 'https://rpc.example', reason: 'ECONNREFUSED' },
      },
    ]);
    chain.reached();
    chain.reached();
    expect(alerter.resolved()).toEqual(['chain-unreachable']);
    expect(chain.unreachable).toBe(false);
  });

  it('raises the peers alert with how many peers were tried, through a Reachability of its own', () => {
    const alerter = new RecordingAlerter();
    const peers = new Reachability(
      (error) => raisePeersUnreachable(alerter, { tried: 4, error }),
      () => resolvePeersUnreachable(alerter),
      1,
    );
    peers.failed(new Error('dial timeout'));
    peers.reached();
    expect(alerter.raised()).toMatchObject([
      {
        key: 'peers-unreachable',
        category: 'network',
        severity: 'warning',
        data: { tried: 4, reason: 'dial timeout' },
      },
    ]);
    expect(alerter.raised()[0]!.message).toContain('None of the 4 peers tried could be reached (dial timeout)');
    expect(alerter.resolved()).toEqual(['peers-unreachable']);
  });
});
