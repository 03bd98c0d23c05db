// Verifying an SPR costs an ECDSA check; lookups see the same records over and over. This small
// LRU remembers records that verified, keyed by their exact bytes, so each is checked once.
import { decodeSpr, type SignedPeerRecord } from '../spr/record';

export class SprCache {
  private readonly map = new Map<string, SignedPeerRecord>();

  constructor(private readonly capacity: number) {}

  /** The verified record for these bytes; throws `SprError` as `decodeSpr` does. */
  decode(bytes: Uint8Array): SignedPeerRecord {
    const key = Buffer.from(bytes).toString('base64');
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const record = decodeSpr(bytes);
    this.map.set(key, record);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
    return record;
  }
}
