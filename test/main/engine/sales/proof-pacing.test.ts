import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src-main/engine/index';
import { PROOFS_LATE_ALERT, ProofPacing } from '../../../../src-main/engine/sales/proof-pacing';
import { RecordingAlerter } from '../../../fakes/recording-alerter';

describe('ProofPacing', () => {
  it('raises one alert per condition, repeated with the count of late proofs', () => {
    const alerter = new RecordingAlerter();
    const pacing = new ProofPacing(alerter, silentLogger);
    pacing.proofLate('0x01', 10, 'held');
    pacing.proofLate('0x02', 10, 'filling');
    expect(alerter.of(PROOFS_LATE_ALERT).map((a) => [a.severity, a.data?.late])).toEqual([
      ['error', 1],
      ['warning', 2],
    ]);
    expect(pacing.late).toBe(2);
  });

  it('clears the alert only after a whole period with proofs on time', () => {
    const alerter = new RecordingAlerter();
    const pacing = new ProofPacing(alerter, silentLogger);
    pacing.proofLate('0x01', 10, 'held');
    pacing.proofOnTime(10);
    pacing.proofOnTime(11);
    expect(alerter.isActive(PROOFS_LATE_ALERT)).toBe(true);
    pacing.proofOnTime(12);
    expect(alerter.isActive(PROOFS_LATE_ALERT)).toBe(false);
    expect(pacing.onTime).toBe(3);
  });
});
