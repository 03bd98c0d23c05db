// How the dashboard treats each api error code: the renderer branches on codes, never on text.
import type { ApiErrorCode } from '../../src-main/api/errors';

/** How loudly an error is shown. */
export type Severity = 'error' | 'warning' | 'silent';

/** Treatment of one error code. */
export interface ErrorTreatment {
  severity: Severity;
  text: string;
}

/** One entry per code; adding a code without a treatment fails to compile. */
export const errorTreatments = {
  'invalid-argument': { severity: 'warning', text: 'Some values were not accepted. Check the highlighted fields.' },
  'unknown-command': { severity: 'error', text: 'The engine does not know this action. Update Slotkeeper.' },
  'not-found': { severity: 'warning', text: 'That item no longer exists.' },
  conflict: { severity: 'warning', text: 'That change conflicts with the current state. Reload and try again.' },
  unauthorized: {
    severity: 'error',
    text: 'The engine refused this dashboard. Open the address Slotkeeper printed at start.',
  },
  unavailable: { severity: 'warning', text: 'The engine is not reachable right now; retrying.' },
  busy: { severity: 'warning', text: 'The engine is still answering earlier requests; try again in a moment.' },
  internal: { severity: 'error', text: 'The engine hit an unexpected error. See the log in the data folder.' },
} satisfies Record<ApiErrorCode, ErrorTreatment>;
