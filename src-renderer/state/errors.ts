// How the dashboard treats each api error code: the renderer branches on codes, never on text.
import type { ApiErrorCode } from '../../src-main/api/errors';

/** How loudly an error is shown. */
export type Severity = 'error' | 'warning' | 'silent';

/** Treatment of one error code. */
export interface ErrorTreatment {
  severity: Severity;
  /** What the dashboard says when the engine's message is not for the operator. */
  text: string;
  /** The engine's own message says what went wrong and what to do: show it instead of `text`. */
  engineMessage: boolean;
}

/** One entry per code; adding a code without a treatment fails to compile. */
export const errorTreatments = {
  'invalid-argument': {
    severity: 'warning',
    text: 'Some values were not accepted. Check the highlighted fields.',
    engineMessage: true,
  },
  'quota-exceeded': {
    severity: 'warning',
    text: 'Not enough storage quota: raise the quota or offer less space.',
    engineMessage: true,
  },
  'insufficient-funds': {
    severity: 'warning',
    text: 'The wallet holds too few tokens for this. Fund the host address and try again.',
    engineMessage: true,
  },
  'unknown-command': {
    severity: 'error',
    text: 'The engine does not know this action. Update Slotkeeper.',
    engineMessage: false,
  },
  'not-found': { severity: 'warning', text: 'That item no longer exists.', engineMessage: true },
  conflict: {
    severity: 'warning',
    text: 'That change conflicts with the current state. Reload and try again.',
    engineMessage: true,
  },
  unauthorized: {
    severity: 'error',
    text: 'The engine refused this dashboard. Open the address Slotkeeper printed at start.',
    engineMessage: false,
  },
  unavailable: { severity: 'warning', text: 'The engine is not reachable right now; retrying.', engineMessage: false },
  internal: {
    severity: 'error',
    text: 'The engine hit an unexpected error. See the log in the data folder.',
    engineMessage: false,
  },
  busy: {
    severity: 'warning',
    text: 'The engine is still answering earlier requests; try again in a moment.',
    engineMessage: false,
  },
} satisfies Record<ApiErrorCode, ErrorTreatment>;

/** What to tell the operator about a failed command: the engine's message where it is meant for them. */
export function errorText(error: { code: ApiErrorCode; message?: string }): string {
  const treatment = errorTreatments[error.code];
  return treatment.engineMessage && error.message ? error.message : treatment.text;
}

/** The banner tone for a code (silent codes still show as warnings where a banner is asked for). */
export function bannerSeverity(code: ApiErrorCode): 'error' | 'warning' {
  return errorTreatments[code].severity === 'error' ? 'error' : 'warning';
}
