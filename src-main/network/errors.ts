// Errors of the data plane. Everything a peer, a file or a flag hands us is checked, and a failed
// check is one of these: a stable code to branch on and a message that names what was wrong.

/** What kind of input failed a check. */
export type NetworkErrorCode =
  | 'invalid-cid'
  | 'invalid-protobuf'
  | 'invalid-manifest'
  | 'invalid-proof'
  | 'invalid-message'
  | 'message-too-large'
  | 'invalid-identity'
  | 'invalid-dataset';

/** A check on outside input failed; `code` says which kind, the message says what to fix. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly code: NetworkErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The message of any thrown value, for logs and error reasons. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
