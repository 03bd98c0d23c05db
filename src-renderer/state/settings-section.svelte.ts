// The form behind a Settings card that edits one section of the settings file (Chain, Network):
// what the operator typed over what is saved, the problems by field, and the line saying what
// happened. The card's own rules find the problems first; nothing is sent while any is named.
import type { CommandArgs } from '../../src-main/api/contract';
import type { SettingsState } from './settings.svelte';

/** One field's problem, as the sections' rules report it. */
export interface FieldProblem<F extends string> {
  readonly field: F;
  readonly message: string;
}

/** Typed values, problems and outcome of one settings section. */
export class SettingsSectionForm<F extends string> {
  typed = $state<Partial<Record<F, string>>>({});
  problems = $state<Partial<Record<F, string>>>({});
  done = $state<string | undefined>();

  constructor(
    private readonly settings: SettingsState,
    /** The saved value of a field as the form shows it ('' when none is saved). */
    private readonly savedText: (field: F) => string,
  ) {}

  /** What the field shows: what was typed, else what is saved. */
  value(field: F): string {
    return this.typed[field] ?? this.savedText(field);
  }

  /** The operator typed `text` into `field`. */
  type(field: F, text: string): void {
    this.typed = { ...this.typed, [field]: text };
  }

  /**
   * Saves the section (`change()`, built only once nothing is wrong) unless `problems` names a field. A refusal the api attributes to fields
   * (`refusedFields` of its message) goes next to them; on success the typing is cleared.
   */
  async save(
    problems: readonly FieldProblem<F>[],
    change: () => CommandArgs<'settings.update'>,
    doneText: string,
    refusedFields?: (message: string | undefined) => Partial<Record<F, string>>,
  ): Promise<void> {
    this.done = undefined;
    this.problems = Object.fromEntries(problems.map((p) => [p.field, p.message])) as Partial<Record<F, string>>;
    if (problems.length > 0) return;
    await this.settings.update(change());
    if (refusedFields && this.settings.errorCode === 'invalid-argument')
      this.problems = refusedFields(this.settings.errorMessage);
    this.finish(doneText);
  }

  /** Removes the section from the settings file (`change` sets it to null). */
  async forget(change: CommandArgs<'settings.update'>, doneText: string): Promise<void> {
    this.done = undefined;
    this.problems = {};
    await this.settings.update(change);
    this.finish(doneText);
  }

  private finish(doneText: string): void {
    if (this.settings.errorCode) return;
    this.typed = {};
    this.done = doneText;
  }
}
