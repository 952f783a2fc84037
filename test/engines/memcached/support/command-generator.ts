/**
 * Seeded random memcached text-protocol traffic for the differential test: valid commands on a
 * small key pool (so they interact), and invalid ones — long keys, bad numbers, wrong token
 * counts, cas mismatches, expiry edge cases, append to missing keys, incr overflow. A command
 * can name a CAS value "seen earlier" by index; each side substitutes its own value, since
 * CAS uniques are compared by consistency rather than literally.
 */
import { Rng } from '../../../../shared/rng.js';

/** A generated request. `casIndex` ≥ 0 replaces `${CAS}` in the line with a recorded CAS. */
export interface GeneratedCommand {
  readonly line: string;
  readonly data?: string;
  readonly casIndex?: number;
}

export const CAS_SLOT = '${CAS}';

// No 'm', 'n' or 'q' in values: a rejected data block is parsed as a command, and `mn`
// (our end-of-reply marker) or `quit` must not appear by chance.
const VALUE_CHARS = 'abcdefghijklopstuvwxyz0123456789';
const NUMERIC_VALUES = ['0', '1', '9', '10', '99', '100', '12345', ' 7', '+5', '-0', '-5', '007', '1 ', '18446744073709551614',
  '18446744073709551615', '18446744073709551616', '99999999999999999999', '9007199254740993', '4294967296', '1a', 'abc', ''];
const DELTAS = ['0', '1', '2', '10', '1000', '18446744073709551615', '18446744073709551616', '9007199254740993', '-1', 'abc', '+3', '1x'];
const FLAGS = ['0', '0', '0', '1', '42', '65535', '4294967295', '4294967296', '-1', 'abc', '+7'];

export class CommandGenerator {
  private readonly rng: Rng;
  private readonly keys: string[];
  /** How many CAS values the comparison has recorded so far (set by the test). */
  casSeen = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.keys = [];
    for (let i = 0; i < 24; i++) this.keys.push(`k${i}`);
    this.keys.push('x'.repeat(250)); // longest legal key
    this.keys.push(`seed${seed}:${'é'.repeat(3)}`); // latin1 bytes above 127
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  private chance(p: number): boolean {
    return this.rng.next() < p;
  }

  private key(): string {
    if (this.chance(0.03)) return 'y'.repeat(251); // too long
    return this.pick(this.keys);
  }

  /**
   * A value; `short` for commands that may be rejected, whose block memcached then reads as a
   * command line (over 2048 bytes without a newline, it would drop the connection).
   */
  private value(short = false): string {
    if (this.chance(0.3)) return this.pick(NUMERIC_VALUES);
    const r = short ? 0 : this.rng.next();
    const len = r < 0.7 ? this.rng.int(20) : r < 0.97 ? this.rng.int(3000) : 100_000 + this.rng.int(200_000);
    let s = '';
    for (let i = 0; i < len; i++) s += VALUE_CHARS[this.rng.int(VALUE_CHARS.length)];
    return s;
  }

  private exptime(valid = false): string {
    if (this.chance(0.8)) return '0';
    const choices = ['-1', '-100', '2592000', '2592001', '1000', String(Math.floor(Date.now() / 1000) + 100_000), '99999999999', '+100'];
    return this.pick(valid ? choices : [...choices, 'abc', '1.5']);
  }

  private noreply(): string {
    return this.chance(0.08) ? ' noreply' : '';
  }

  next(): GeneratedCommand {
    const r = this.rng.int(100);
    if (r < 22) return this.storage(this.pick(['set', 'set', 'set', 'add', 'replace']));
    if (r < 30) return this.storage(this.pick(['append', 'prepend']));
    if (r < 38) return this.casCommand();
    if (r < 50) return { line: `${this.pick(['get', 'get', 'gets'])} ${this.keyList()}` };
    if (r < 54) return { line: `${this.pick(['gat', 'gats'])} ${this.exptime()} ${this.keyList()}` };
    if (r < 61) return this.deleteCommand();
    if (r < 74) return { line: `${this.pick(['incr', 'decr'])} ${this.key()} ${this.pick(DELTAS)}${this.noreply()}` };
    if (r < 78) return { line: `touch ${this.key()} ${this.exptime()}${this.noreply()}` };
    // Immediate flushes only. `flush_all 1` also hides items stored later in the same clock
    // second, and memcached's second boundaries are its own (a timer). A delayed flush replaces
    // `oldest_live`, briefly "un-flushing" items until memcached's LRU maintainer reclaims them
    // in the background — timing again. The timed test below covers delays.
    if (r < 80) return { line: `flush_all${this.pick(['', '', ' 0', ' -1', ' abc', ' noreply', ' 0 noreply'])}` };
    if (r < 81) return { line: this.pick(['verbosity 0', 'verbosity x', 'verbosity 0 noreply', 'verbosity']) };
    return this.invalid();
  }

  private keyList(): string {
    const n = 1 + this.rng.int(4);
    const keys: string[] = [];
    for (let i = 0; i < n; i++) keys.push(this.key());
    return keys.join(' ');
  }

  private storage(cmd: string): GeneratedCommand {
    if (this.chance(0.9)) {
      const data = this.value();
      const key = this.pick(this.keys);
      return { line: `${cmd} ${key} ${this.pick(FLAGS.slice(0, 7))} ${this.exptime(true)} ${data.length}${this.noreply()}`, data };
    }
    // Possibly rejected: any field may be bad, and the data stays short.
    const data = this.value(true);
    let declared = String(data.length);
    let flags = this.pick(FLAGS);
    if (this.chance(0.3)) declared = this.pick(['-1', 'abc', '']);
    if (declared === '') flags = ''; // drops a token: wrong token count
    const parts = [cmd, this.key(), flags, this.exptime(), declared].filter((p) => p !== '');
    return { line: parts.join(' ') + this.noreply(), data };
  }

  private casCommand(): GeneratedCommand {
    const useSeen = this.rng.next() < 0.6 && this.casSeen > 0;
    const key = useSeen ? this.pick(this.keys) : this.key();
    const data = this.value(!useSeen);
    if (useSeen) {
      // A CAS recorded earlier (often the latest, so it can still match).
      const index = this.chance(0.7) ? this.casSeen - 1 : this.rng.int(this.casSeen);
      return { line: `cas ${key} ${this.pick(FLAGS.slice(0, 7))} ${this.exptime(true)} ${data.length} ${CAS_SLOT}${this.noreply()}`, data, casIndex: index };
    }
    const cas = this.pick(['0', '999999999999', '18446744073709551615', '18446744073709551616', 'abc', '-1']);
    return { line: `cas ${key} 0 ${this.exptime()} ${data.length} ${cas}${this.noreply()}`, data };
  }

  private deleteCommand(): GeneratedCommand {
    const tail = this.pick(['', '', '', ' 0', ' noreply', ' 0 noreply', ' 1', ' 0 0', ' x noreply']);
    return { line: `delete ${this.key()}${tail}` };
  }

  private invalid(): GeneratedCommand {
    const k = this.key();
    const legal = this.pick(this.keys); // for huge blocks, which must not be read as a command line
    return this.pick<GeneratedCommand>([
      { line: 'bogus command' },
      { line: 'g' },
      { line: '' },
      { line: 'get' },
      { line: 'gets' },
      { line: `set ${k} 0 0` },
      { line: `set ${k} 0 0 3 4 5 6`, data: 'abc' },
      { line: `incr ${k}` },
      { line: `incr ${k} 1 2 3` },
      { line: `touch ${k}` },
      { line: `delete` },
      { line: `decr ${k} 1 noreply extra` },
      { line: `cas ${k} 0 0 3`, data: 'abc' },
      { line: `set ${k} 0 0 3`, data: 'abcd' }, // longer than declared: bad data chunk, then a stray line
      { line: `set ${legal} 0 0 1100000`, data: 'z'.repeat(1_100_000) }, // too large: swallowed, old value dropped
      { line: `append ${legal} 0 0 1100000`, data: 'z'.repeat(1_100_000) },
      { line: `get ${'z'.repeat(251)}` },
      { line: `get ${k} ${'z'.repeat(251)}` },
      { line: `GET ${k}` },
      { line: `set  ${k}  0  0  1`, data: '5' }, // repeated spaces are one separator
    ]);
  }
}
