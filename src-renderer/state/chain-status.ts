// The words and tone of the header's market connection, kept apart from the markup so every case
// is tested as text.
import type { MarketKind, MarketStatusDto } from '../../src-main/api/dto';

/** What the header shows: a short label, its tone, and the detail behind it (the hover text). */
export interface ChainStatusText {
  tone: 'ok' | 'busy' | 'bad';
  label: string;
  detail: string;
}

const names: Record<MarketKind, string> = { sim: 'Market', devnet: 'Devnet', chain: 'Chain' };

/** The connection in the operator's words. */
export function chainStatusText(kind: MarketKind, status: MarketStatusDto): ChainStatusText {
  const name = names[kind];
  const block = status.headBlock === undefined ? '' : `block ${status.headBlock.toLocaleString('en-US')}`;
  const waiting =
    status.pendingTransactions > 0
      ? `${status.pendingTransactions} transaction${status.pendingTransactions === 1 ? '' : 's'} waiting` +
        (status.stuckTransactions > 0 ? `, ${status.stuckTransactions} stuck` : '')
      : '';
  const events = status.events === 'polling' ? 'events by polling (no WebSocket)' : '';
  const detail = [block, events, waiting, status.lastError ? `last error: ${status.lastError}` : '']
    .filter(Boolean)
    .join('; ');
  if (status.connection === 'unreachable')
    return {
      tone: 'bad',
      label: `${name} unreachable`,
      detail: `The RPC endpoint does not answer${status.lastError ? ` (${status.lastError})` : ''}: proofs cannot be submitted.`,
    };
  if (status.connection === 'connecting')
    return { tone: 'busy', label: `Connecting to the ${name.toLowerCase()}…`, detail };
  const tone = status.stuckTransactions > 0 || status.events === 'polling' ? 'busy' : 'ok';
  return {
    tone,
    label: [`${name} connected`, block].filter(Boolean).join(', '),
    detail: detail || `${name} connected`,
  };
}
