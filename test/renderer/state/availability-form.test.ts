// The form judges with the store's own checks, so at every edge it must say exactly what the
// store does: accept what the store saves, and refuse with the text the store throws. The
// dashboard runs over a source backed by real SQLite storage, and the form submits through the api.
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandArgs } from '../../../src-main/api/contract';
import type { AvailabilityDto } from '../../../src-main/api/dto';
import { availabilityDto, quotaDto } from '../../../src-main/api/read-model/dtos';
import { AvailabilityFormState, type FormField } from '../../../src-renderer/state/availability-form.svelte';
import { exampleAvailability } from '../../fakes/availabilities';
import { FakeSalesSource } from '../../fakes/sales-source';
import { openTestStorage, type TestStorage } from '../../fakes/test-db';
import { startApp, stopApps } from '../helpers/app';

const MB = 10n ** 6n;
const fields: FormField[] = ['totalSize', 'duration', 'minPricePerBytePerSecond', 'totalCollateral', 'until'];
const opened: TestStorage[] = [];

afterEach(() => {
  stopApps();
  for (const storage of opened.splice(0)) storage.dispose();
});

/** The api's source with availabilities saved in, and refused by, the real store. */
class StoreSource extends FakeSalesSource {
  constructor(readonly storage: TestStorage) {
    super();
    this.quotaValue = quotaDto(storage.repo.quota());
  }

  override async createAvailability(input: CommandArgs<'availability.create'>): Promise<AvailabilityDto> {
    const { after } = this.storage.store.createAvailability({
      totalSize: BigInt(input.totalSize),
      duration: BigInt(input.duration),
      minPricePerBytePerSecond: BigInt(input.minPricePerBytePerSecond),
      totalCollateral: BigInt(input.totalCollateral),
      enabled: input.enabled,
      until: input.until,
    });
    return availabilityDto(after, []);
  }

  override async updateAvailability(input: CommandArgs<'availability.update'>): Promise<AvailabilityDto> {
    const { id, totalSize, duration, minPricePerBytePerSecond, totalCollateral, until } = input;
    const big = (v: string | number | undefined) => (v === undefined ? undefined : BigInt(v));
    const { after } = this.storage.store.updateAvailability(id, {
      ...(totalSize !== undefined && { totalSize: big(totalSize) }),
      ...(duration !== undefined && { duration: big(duration) }),
      ...(minPricePerBytePerSecond !== undefined && { minPricePerBytePerSecond: big(minPricePerBytePerSecond) }),
      ...(totalCollateral !== undefined && { totalCollateral: big(totalCollateral) }),
      ...(until !== undefined && { until }),
    });
    return availabilityDto(after, []);
  }

  /** Saves an availability directly in the store, as if made before the dashboard opened. */
  seed(totalSize: bigint): AvailabilityDto {
    const { after } = this.storage.store.createAvailability(exampleAvailability({ totalSize }));
    const dto = availabilityDto(after, []);
    this.availabilityMap.set(dto.id, dto);
    this.quotaValue = quotaDto(this.storage.repo.quota());
    return dto;
  }
}

async function open(options: { seed?: bigint } = {}) {
  const storage = openTestStorage({ quotaMaxBytes: 1000n * MB });
  opened.push(storage);
  const source = new StoreSource(storage);
  const seeded = options.seed === undefined ? undefined : source.seed(options.seed);
  const app = await startApp(source);
  const editing = seeded && app.state.availabilities.list.get(seeded.id);
  const form = new AvailabilityFormState(app.state, editing);
  const freeQuota = storage.repo.quota().available;
  expect(app.state.disk.allocation?.freeQuota).toBe(freeQuota);
  return { form, source, freeQuota, storage };
}

/** A byte count as the form's MB field takes it, exactly. */
const inMB = (bytes: bigint) => `${bytes / MB}.${String(bytes % MB).padStart(6, '0')}`;

function fill(form: AvailabilityFormState, size: bigint): void {
  form.sizeUnit = 'MB';
  form.sizeText = inMB(size);
  form.priceUnit = 'base-byte-second';
  form.priceText = '1';
  form.collateralUnit = 'base';
  form.collateralText = '1000';
}

/** What the form says, and what the store says to the request the form would send. */
async function verdicts(form: AvailabilityFormState, source: StoreSource) {
  const formSays = fields.flatMap((f) => form.problems[f]);
  const request = form.request!;
  let storeSays: string | undefined;
  if (form.valid) {
    // A valid form submits through the api, so the store's answer arrives as the dashboard sees it.
    const saved = await form.submit();
    storeSays = saved ? undefined : form.server?.message;
  } else {
    const send = 'id' in request ? source.updateAvailability(request) : source.createAvailability(request);
    storeSays = await send.then(
      () => undefined,
      (error: Error) => error.message,
    );
  }
  return { formFirst: formSays[0], storeSays, formSays };
}

describe('the form and the store agree', () => {
  it('on creating an availability of exactly the free quota, and one byte more', async () => {
    const exact = await open();
    fill(exact.form, exact.freeQuota);
    expect(await verdicts(exact.form, exact.source)).toMatchObject({ formFirst: undefined, storeSays: undefined });

    const over = await open();
    fill(over.form, over.freeQuota + 1n);
    const { formFirst, storeSays } = await verdicts(over.form, over.source);
    expect(formFirst).toBe('Not enough storage quota');
    expect(storeSays).toBe(formFirst);
  });

  it('on a PATCH that grows totalSize by exactly the free quota, and one byte more', async () => {
    const exact = await open({ seed: 100n * MB });
    exact.form.sizeUnit = 'MB';
    exact.form.sizeText = inMB(100n * MB + exact.freeQuota);
    expect(await verdicts(exact.form, exact.source)).toMatchObject({ formFirst: undefined, storeSays: undefined });
    expect(exact.storage.repo.quota().available).toBe(0n);

    const over = await open({ seed: 100n * MB });
    over.form.sizeUnit = 'MB';
    over.form.sizeText = inMB(100n * MB + over.freeQuota + 1n);
    const { formFirst, storeSays } = await verdicts(over.form, over.source);
    expect(formFirst).toBe('Not enough storage quota');
    expect(storeSays).toBe(formFirst);
  });

  it('on zero duration, price and collateral in a PATCH, one at a time and all together', async () => {
    const zeroes: [string, (form: AvailabilityFormState) => void, string][] = [
      ['duration', (f) => (f.durationText = '0'), 'duration must be larger then zero'],
      ['price', (f) => (f.priceText = '0'), 'minPricePerBytePerSecond must be larger then zero'],
      ['collateral', (f) => (f.collateralText = '0'), 'totalCollateral must be larger then zero'],
    ];
    for (const [, zero, message] of zeroes) {
      const { form, source } = await open({ seed: 100n * MB });
      zero(form);
      expect(await verdicts(form, source)).toMatchObject({ formFirst: message, storeSays: message });
    }
    const { form, source } = await open({ seed: 100n * MB });
    for (const [, zero] of zeroes) zero(form);
    const all = await verdicts(form, source);
    expect(all.formSays).toEqual(zeroes.map(([, , message]) => message));
    expect(all.storeSays).toBe(all.formFirst);
  });
});
