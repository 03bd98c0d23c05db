// Small formatting for alert messages: sizes in binary units and ids shortened, so a message reads
// like the dashboard does. Amounts of money stay in `data` as base units: only the dashboard knows
// how the market's token is written.

/** Bytes in the largest binary unit that keeps a number ≥ 1, one decimal (e.g. "20.5 GiB"). */
export function formatBytes(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let unit = 0;
  while (unit < units.length - 1 && bytes >= 1024n ** BigInt(unit + 1)) unit++;
  if (unit === 0) return `${bytes} B`;
  const scaled = (bytes * 10n) / 1024n ** BigInt(unit);
  const whole = scaled / 10n;
  const tenth = scaled % 10n;
  return `${whole}${tenth === 0n ? '' : `.${tenth}`} ${units[unit]}`;
}

/** A base-unit amount in whole tokens, thousands grouped, up to 4 decimals, with the token's symbol. */
export function formatTokenAmount(amount: bigint, token: { symbol: string; decimals: number }): string {
  const scale = 10n ** BigInt(token.decimals);
  const whole = amount / scale;
  const digits = Math.min(4, token.decimals);
  const fraction = (amount % scale).toString().padStart(token.decimals, '0').slice(0, digits).replace(/0+$/, '');
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${fraction ? `.${fraction}` : ''} ${token.symbol}`;
}

/** A 0x id shortened to its first 6 and last 4 hex digits. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

/** How the operator recognises a slot: its index and its request. */
export function slotName(slot: { slotIndex: bigint | number; requestId: string }): string {
  return `slot ${slot.slotIndex} of request ${shortId(slot.requestId)}`;
}
