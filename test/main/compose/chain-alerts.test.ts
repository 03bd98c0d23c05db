// The chain's own status object drives the alert, as it will when compose/ opens a chain backend.
import { describe, expect, it } from 'vitest';
import { followChainStatus } from '../../../src-main/compose/chain-alerts';
import { ChainStatus } from '../../../src-main/market/chain/index';
import { RecordingAlerter } from '../../fakes/recording-alerter';

describe('the chain connection as an alert', () => {
  it('raises chain-unreachable once the status says unreachable, with the last error, and resolves on reconnect', () => {
    const status = new ChainStatus();
    const alerter = new RecordingAlerter();
    const stop = followChainStatus(status, alerter, 'https://rpc.example');
    expect(alerter.calls).toEqual([]);
    status.succeeded();
    status.failed('connect ECONNREFUSED 127.0.0.1:8545');
    status.failed('connect ECONNREFUSED 127.0.0.1:8545');
    expect(alerter.raised()).toEqual([]);
    status.failed('request timed out after 10 s');
    status.failed('request timed out after 10 s');
    expect(alerter.raised()).toMatchObject([
      {
        key: 'chain-unreachable',
        category: 'chain',
        severity: 'error',
        data: { url: 'https://rpc.example', reason: 'request timed out after 10 s' },
      },
    ]);
    status.succeeded();
    status.succeeded();
    // Once when first connected (an alert left from the last run clears), once on reconnect.
    expect(alerter.resolved()).toEqual(['chain-unreachable', 'chain-unreachable']);
    stop();
    status.failed('x');
    status.failed('x');
    status.failed('x');
    expect(alerter.raised()).toHaveLength(1);
  });
});
