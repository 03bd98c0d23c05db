// Whether the engine can build storage proofs for its market: while it cannot (circuit files
// missing, damaged or downloading) it takes no slot, and the dashboard says why and how far a
// download got.
import type { PatchDto, ProofsDto, SnapshotDto } from '../../src-main/api/dto';
import { formatBytes } from './format';
import type { LiveSink } from './live.svelte';

/** Proof readiness as rune state. */
export class ProofsState implements LiveSink {
  proofs = $state.raw<ProofsDto | undefined>();
  /** True until the engine says otherwise (nothing to show before the first snapshot). */
  ready = $derived(this.proofs?.ready ?? true);
  download = $derived(this.proofs?.download);
  /** Done / total of a download whose size is known, else undefined. */
  fraction = $derived(
    this.download?.bytesTotal && this.download.bytesTotal !== '0'
      ? Math.min(1, Number(this.download.bytesDone) / Number(this.download.bytesTotal))
      : undefined,
  );
  /** The download's progress bar label. */
  downloadLabel = $derived(
    this.download?.phase === 'installing' ? 'Installing the circuit files' : 'Downloading the circuit files',
  );
  /** How far the download got, in the operator's words. */
  downloadProgress = $derived.by(() => {
    const d = this.download;
    if (d === undefined) return '';
    if (d.phase === 'installing') return 'Checking and unpacking…';
    return d.bytesTotal !== undefined
      ? `${formatBytes(d.bytesDone)} of ${formatBytes(d.bytesTotal)}`
      : `${formatBytes(d.bytesDone)} so far`;
  });

  reset(snapshot: SnapshotDto): void {
    this.proofs = snapshot.proofs;
  }

  apply(patch: PatchDto): void {
    if (patch.proofs) this.proofs = patch.proofs;
  }
}
