/**
 * A record's field data: names `field0` … `field{n-1}` (YCSB's), values as windows into one
 * value pool with lengths from the `fieldlength` spec, and the JSON form records take on
 * engines without hashes (YCSB's memcached binding stores JSON too).
 */
import type { Rng } from '../../shared/rng.js';
import { ValuePool } from '../values/pool.js';
import { createValueSize, type ValueSizeSpec } from '../values/spec.js';
import type { ValueSize } from '../values/value-size.js';

export class FieldSource {
  readonly names: readonly string[];
  readonly lengths: ValueSize;
  private readonly pool: ValuePool;
  /** `"field3":"` per field, so a JSON record is a chain of concatenations. */
  private readonly jsonPrefixes: readonly string[];

  constructor(
    readonly count: number,
    lengthSpec: ValueSizeSpec,
    lengthRng: Rng,
    poolRng: Rng,
  ) {
    this.names = Array.from({ length: count }, (_, i) => `field${i}`);
    this.jsonPrefixes = this.names.map((name, i) => `${i === 0 ? '{' : ','}"${name}":"`);
    this.lengths = createValueSize(lengthSpec, lengthRng, 'fieldlength');
    this.pool = new ValuePool(this.lengths.max, poolRng);
  }

  /** A fresh field value. */
  value(): string {
    return this.pool.value(this.lengths.next());
  }

  /** A whole record as JSON: `{"field0":"…",…}`. Pool bytes need no escaping. */
  json(): string {
    let record = '';
    for (let i = 0; i < this.count; i++) record += this.jsonPrefixes[i]! + this.value() + '"';
    return record + '}';
  }
}
