// The WebSocket subprotocol names the headless host and the dashboard agree on. A plain module (no
// schemas) so the dashboard's bundle can take these values without the validation library.

/** The WebSocket subprotocol the dashboard speaks in headless mode. */
export const WS_PROTOCOL = 'slotkeeper.v1';
/** Prefix of the second subprotocol, which carries the token (browsers cannot set headers on WebSocket). */
export const WS_TOKEN_PREFIX = 'token.';
