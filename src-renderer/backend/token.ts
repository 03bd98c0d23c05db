// The headless host's token arrives in the address fragment (#token=…, never sent to the
// server). It is taken out of the address bar at once; a view route in the same fragment
// (#/slots/0x…&token=…) is kept.

/** Splits a location hash into the token (if any) and the hash to leave in the address bar. */
export function splitToken(hash: string): { token: string | undefined; rest: string } {
  const body = hash.replace(/^#/, '');
  const match = /(^|[?&])token=([^&]*)/.exec(body);
  if (!match) return { token: undefined, rest: hash };
  const remaining = (body.slice(0, match.index) + body.slice(match.index + match[0].length)).replace(/[?&]$/, '');
  return { token: decodeURIComponent(match[2] ?? ''), rest: remaining ? `#${remaining}` : '' };
}
