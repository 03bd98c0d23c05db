// One create or edit form for an availability: the operator types human units, the form shows
// the exact integers Codex will receive, and judges them with the engine's own rules as they type.
import type { CommandArgs } from '../../src-main/api/contract';
import {
  availabilityBooks,
  checkAvailabilityPatch,
  checkNewAvailability,
  type AvailabilityBooks,
  type AvailabilityField,
} from '../../src-main/api/availability-rules';
import type { AvailabilityDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import type { AvailabilitiesState } from './availabilities.svelte';
import type { DiskState } from './disk.svelte';
import { big } from './format';
import type { MarketState } from './market.svelte';
import type { ReservationsState } from './reservations.svelte';
import {
  baseUnitsInTokens,
  bestSizeUnit,
  bytesInUnit,
  durationToSeconds,
  exactDecimal,
  priceInTokensPerGiBMonth,
  priceToBaseUnits,
  sizeToBytes,
  sizeUnits,
  tokensToBaseUnits,
  type Conversion,
  type DurationUnit,
  type PriceUnit,
  type SizeUnit,
  type TokenUnit,
} from './units';
import { localInputToUnix, unixToLocalInput } from './until';

/** The form's fields, named as Codex names them. */
export type FormField = Exclude<AvailabilityField, 'freeSize'>;
const fields: FormField[] = ['totalSize', 'duration', 'minPricePerBytePerSecond', 'totalCollateral', 'until'];

/** Where the form shows a refusal from the engine, by its code; other refusals show beside the form. */
const fieldOfRefusal: Partial<Record<ApiErrorCode, FormField>> = { 'quota-exceeded': 'totalSize' };

/** Share of the free quota "use free space" leaves for downloads and other repo data. */
export const DOWNLOAD_HEADROOM_PERCENT = 20n;

/** What the form needs from the rest of the dashboard. */
export interface FormDeps {
  availabilities: AvailabilitiesState;
  disk: DiskState;
  reservations: ReservationsState;
  market: MarketState;
}

/** A create or edit form's state. */
export class AvailabilityFormState {
  readonly #deps: FormDeps;
  readonly editing: AvailabilityDto | undefined;
  sizeText = $state('');
  sizeUnit = $state<SizeUnit>('GiB');
  durationText = $state('30');
  durationUnit = $state<DurationUnit>('days');
  priceText = $state('');
  priceUnit = $state<PriceUnit>('token-gib-month');
  collateralText = $state('');
  collateralUnit = $state<TokenUnit>('token');
  /** A datetime-local value; '' means no end date. */
  untilText = $state('');
  enabled = $state(true);
  /** Fields the operator has typed in: only those show errors before a submit attempt. */
  touched = $state<Partial<Record<FormField, boolean>>>({});
  attempted = $state(false);
  submitting = $state(false);
  /** The engine's refusal of the last submit: its code and its own message. */
  server = $state<{ code: ApiErrorCode; message: string } | undefined>();
  /** The field the engine's refusal is about, when its code says (the quota is about the size). */
  serverField: FormField | undefined = $derived(this.server && fieldOfRefusal[this.server.code]);
  /** Set when "use free space" found nothing to use. */
  noFreeSpace = $state(false);

  conversions: Record<FormField, Conversion> = $derived.by(() => ({
    totalSize: sizeToBytes(this.sizeText, this.sizeUnit),
    duration: durationToSeconds(this.durationText, this.durationUnit),
    minPricePerBytePerSecond: priceToBaseUnits(this.priceText, this.priceUnit, this.#deps.market.token),
    totalCollateral: tokensToBaseUnits(this.collateralText, this.collateralUnit, this.#deps.market.token),
    until: localInputToUnix(this.untilText),
  }));

  /** Every field's problems: first what could not be read, then the engine's rules. */
  problems: Record<FormField, string[]> = $derived.by(() => this.#judge());

  /** The arguments a submit would send; for an edit, only what changed. */
  request = $derived.by(() => this.#request());

  valid = $derived(fields.every((f) => this.problems[f].length === 0));
  /** An edit that changes nothing has nothing to send. */
  unchanged = $derived.by(() => this.editing !== undefined && Object.keys(this.request ?? {}).length <= 1);

  /** An until that has already passed on the chain clock: allowed, but no new slot will match. */
  untilPassed = $derived.by(() => {
    const until = this.conversions.until;
    return until.ok && until.converted.value > 0n && until.converted.value < BigInt(this.#deps.market.now);
  });

  constructor(deps: FormDeps, editing?: AvailabilityDto) {
    this.#deps = deps;
    this.editing = editing;
    if (editing) this.#prefill(editing);
  }

  /** The problems to show for a field now, the engine's refusal of it included. */
  shown(field: FormField): string[] {
    const own = this.touched[field] || this.attempted ? this.problems[field] : [];
    const refusal = this.server && this.serverField === field ? this.server.message : undefined;
    return refusal === undefined || own.includes(refusal) ? own : [...own, refusal];
  }

  /** Marks a field as typed in. */
  touch(field: FormField): void {
    if (!this.touched[field]) this.touched = { ...this.touched, [field]: true };
    this.server = undefined;
  }

  /** Fills the size with the free quota (or the disk's free space, if smaller) minus download headroom. */
  useFreeSpace(): void {
    const allocation = this.#deps.disk.allocation;
    // The whole free quota may be offered (the engine's fitsFreeQuota), but never more than the disk holds.
    const room = allocation
      ? allocation.freeQuota < allocation.diskFree
        ? allocation.freeQuota
        : allocation.diskFree
      : 0n;
    const budget = (room * (100n - DOWNLOAD_HEADROOM_PERCENT)) / 100n;
    this.noFreeSpace = budget <= 0n;
    if (this.noFreeSpace) return;
    const size = budget + (this.editing ? big(this.editing.totalSize) : 0n);
    const unit = sizeUnits[this.sizeUnit];
    this.sizeText = exactDecimal((size * 100n) / unit, 100n);
    this.touch('totalSize');
  }

  /** Sends the form; resolves to the saved availability, or undefined when refused. */
  async submit(): Promise<AvailabilityDto | undefined> {
    this.attempted = true;
    this.server = undefined;
    const request = this.request;
    if (!this.valid || !request || this.unchanged) return undefined;
    this.submitting = true;
    const { availabilities } = this.#deps;
    const outcome = this.editing
      ? await availabilities.update(request as CommandArgs<'availability.update'>)
      : await availabilities.create(request as CommandArgs<'availability.create'>);
    this.submitting = false;
    if (outcome.ok) return outcome.value;
    this.server = { code: outcome.code, message: outcome.message };
    return undefined;
  }

  #value(field: FormField): bigint | undefined {
    const c = this.conversions[field];
    return c.ok ? c.converted.value : undefined;
  }

  #judge(): Record<FormField, string[]> {
    const problems = Object.fromEntries(fields.map((f) => [f, [] as string[]])) as Record<FormField, string[]>;
    for (const f of fields) {
      const c = this.conversions[f];
      if (!c.ok) problems[f].push(c.message);
    }
    const v = (f: FormField) => this.#value(f) ?? 1n; // unreadable fields are reported above, not twice
    const freeQuota = this.#deps.disk.allocation?.freeQuota ?? 0n;
    // The store's own checks: what they refuse here, the store refuses on submit, and no more.
    const violations = this.editing
      ? checkAvailabilityPatch(this.#current(), this.#patch(), {
          quotaAvailable: freeQuota,
          latestValidUntil: this.#deps.reservations.longestHostedUntil(this.editing.id),
        })
      : checkNewAvailability(
          {
            totalSize: v('totalSize'),
            duration: v('duration'),
            minPricePerBytePerSecond: v('minPricePerBytePerSecond'),
            totalCollateral: v('totalCollateral'),
            until: Number(v('until')),
          },
          freeQuota,
        );
    for (const violation of violations) {
      const f = violation.field as FormField;
      if (this.conversions[f]?.ok) problems[f].push(violation.message);
    }
    return problems;
  }

  /** The edited availability's sizes and collateral as the live stream has them now (slots keep filling while the form is open). */
  #current(): AvailabilityBooks {
    const editing = this.editing!;
    return availabilityBooks(this.#deps.availabilities.list.get(editing.id) ?? editing);
  }

  /** The changed fields as the engine's PATCH: until in whole seconds. */
  #patch(): Partial<Record<Exclude<FormField, 'until'>, bigint>> & { until?: number } {
    const { until, ...amounts } = this.#changed();
    return until === undefined ? amounts : { ...amounts, until: Number(until) };
  }

  /** Fields whose value differs from the availability being edited. */
  #changed(): Partial<Record<FormField, bigint>> {
    const e = this.editing;
    if (!e) return {};
    const stored: Record<FormField, bigint> = {
      totalSize: big(e.totalSize),
      duration: BigInt(e.duration),
      minPricePerBytePerSecond: big(e.minPricePerBytePerSecond),
      totalCollateral: big(e.totalCollateral),
      until: BigInt(e.until),
    };
    const changed: Partial<Record<FormField, bigint>> = {};
    for (const f of fields) {
      const value = this.#value(f);
      if (value !== undefined && value !== stored[f]) changed[f] = value;
    }
    return changed;
  }

  #request(): CommandArgs<'availability.create'> | CommandArgs<'availability.update'> | undefined {
    if (this.editing) {
      const c = this.#changed();
      return {
        id: this.editing.id,
        ...(c.totalSize !== undefined && { totalSize: String(c.totalSize) }),
        ...(c.duration !== undefined && { duration: Number(c.duration) }),
        ...(c.minPricePerBytePerSecond !== undefined && {
          minPricePerBytePerSecond: String(c.minPricePerBytePerSecond),
        }),
        ...(c.totalCollateral !== undefined && { totalCollateral: String(c.totalCollateral) }),
        ...(c.until !== undefined && { until: Number(c.until) }),
        ...(this.enabled !== this.editing.enabled && { enabled: this.enabled }),
      };
    }
    const [size, duration, price, collateral, until] = fields.map((f) => this.#value(f));
    if (size === undefined || duration === undefined || price === undefined || collateral === undefined)
      return undefined;
    return {
      totalSize: String(size),
      duration: Number(duration),
      minPricePerBytePerSecond: String(price),
      totalCollateral: String(collateral),
      enabled: this.enabled,
      until: Number(until ?? 0n),
    };
  }

  #prefill(a: AvailabilityDto): void {
    const size = big(a.totalSize);
    this.sizeUnit = bestSizeUnit(size);
    this.sizeText = bytesInUnit(size, this.sizeUnit);
    const wholeDays = a.duration % 86_400 === 0;
    this.durationUnit = wholeDays ? 'days' : 'hours';
    this.durationText = exactDecimal(BigInt(a.duration), wholeDays ? 86_400n : 3600n);
    // Before the market has told its token, the amounts are prefilled in base units.
    const token = this.#deps.market.token;
    this.priceUnit = token ? 'token-gib-month' : 'base-byte-second';
    this.collateralUnit = token ? 'token' : 'base';
    this.priceText = token
      ? priceInTokensPerGiBMonth(big(a.minPricePerBytePerSecond), token)
      : a.minPricePerBytePerSecond;
    this.collateralText = token ? baseUnitsInTokens(big(a.totalCollateral), token) : a.totalCollateral;
    this.untilText = a.until > 0 ? unixToLocalInput(a.until) : '';
    this.enabled = a.enabled;
  }
}
