// The engine behind Codex's REST api: availabilities and reservations from the store, active slots
// from the market, slot agents from the running sales.
import type { CodexRestSource } from '../api/rest/source';
import { CodexTexts, NotFoundError, type Market, type Repo, type Sales } from '../engine/index';

/** Codex's block size, for /space's totalBlocks. */
const BLOCK_SIZE = 64n * 1024n;

/** Adapts the engine to the REST routes. */
export function codexSource(sales: Sales, repo: Pick<Repo, 'quota'>, market: Market): CodexRestSource {
  return {
    listAvailabilities: () => sales.availabilities(),
    createAvailability: async (input) => sales.createAvailability(input),
    updateAvailability: async (id, patch) => {
      sales.updateAvailability(id, patch);
    },
    listReservations: (availabilityId) => {
      if (!sales.availabilities().some((a) => a.id === availabilityId))
        throw new NotFoundError(CodexTexts.availabilityNotFound);
      return sales.reservationsOf(availabilityId);
    },
    space: () => {
      const quota = repo.quota();
      return {
        totalBlocks: (quota.used + BLOCK_SIZE - 1n) / BLOCK_SIZE,
        quotaMaxBytes: quota.max,
        quotaUsedBytes: quota.used,
        quotaReservedBytes: quota.reserved,
      };
    },
    activeSlots: async () =>
      (await sales.activeSlots()).map((slot) => {
        const requestId = market.requestId(slot.request);
        return {
          id: market.slotId(requestId, slot.slotIndex),
          requestId,
          slotIndex: slot.slotIndex,
          request: slot.request,
        };
      }),
    slotAgent: (slotId) => {
      const agent = sales.activeSale(slotId);
      if (!agent) return undefined;
      const { requestId, slotIndex, request, reservation } = agent.data;
      return {
        state: agent.record.sale.state,
        requestId,
        slotIndex,
        ...(request && { request: { id: requestId, value: request } }),
        ...(reservation && { reservation }),
      };
    },
  };
}
