/**
 * memcached's meta commands (proto_text.c, 1.6): mg (get), ms (set), md (delete),
 * ma (arithmetic), mn (no-op) over the memcached-style store. A command is a key and single-
 * letter flags, some with a token (`T30`, `Oabc`); return codes HD / VA / EN / NS / EX / NF /
 * MN, and the flags asked for that return something (c f k O s t) echoed in request order.
 * `q` suppresses the uninteresting code of each command (EN for mg, HD for ms/md/ma, NF for md).
 *
 * Supported flags — mg: b c f k O q s t v T; ms: b c C F I k O q T M(E A P R S); md: b C k O q;
 * ma: b c C D J k M(I + D -) N O q t T v. Others are answered `CLIENT_ERROR invalid flag`.
 * Where memcached checks a compare-and-swap inside the item lock (md C, ma C), this reads the
 * CAS first and acts after, so another thread may slip between the two (documented difference).
 */
import { KEY_MAX_BYTES } from '../../memcached/item-header.js';
import { safeStrtol32, safeStrtoull } from '../../memcached/numbers.js';
import { DeltaOutcome, FetchedItem, StoreMode, StoreOutcome, type Store } from '../../memcached/store.js';

const CRLF = '\r\n';
const BAD_FORMAT = 'CLIENT_ERROR bad command line format\r\n';
const INVALID_FLAG = 'CLIENT_ERROR invalid flag\r\n';

interface MetaFlags {
  readonly letters: string;
  readonly tokens: Map<string, string>;
  /** Flags in request order (for the echo). */
  readonly order: string[];
}

function parseFlags(words: readonly string[], from: number, allowed: string): MetaFlags | null {
  const tokens = new Map<string, string>();
  const order: string[] = [];
  let letters = '';
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    const f = w[0]!;
    if (!allowed.includes(f)) return null;
    letters += f;
    order.push(f);
    tokens.set(f, w.slice(1));
  }
  return { letters, tokens, order };
}

function decodeKey(raw: string, base64: boolean): string | null {
  if (!base64) return raw.length > KEY_MAX_BYTES || raw.length === 0 ? null : raw;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length === 0 || bytes.length > KEY_MAX_BYTES) return null;
  return bytes.toString('latin1');
}

/** Echo of the flags that return something, in request order. */
function echo(flags: MetaFlags, rawKey: string, item: FetchedItem | null, store: Store): string {
  let out = '';
  for (const f of flags.order) {
    switch (f) {
      case 'b':
        if (flags.letters.includes('k')) out += ' b';
        break;
      case 'c':
        if (item) out += ` c${item.cas}`;
        break;
      case 'f':
        if (item) out += ` f${item.flags}`;
        break;
      case 'k':
        out += ` k${rawKey}`;
        break;
      case 'O':
        out += ` O${flags.tokens.get('O')}`;
        break;
      case 's':
        if (item) out += ` s${(item.value as string).length}`;
        break;
      case 't':
        if (item) out += ` t${store.ttlSeconds(item.exptime)}`;
        break;
    }
  }
  return out;
}

function exptimeFlag(flags: MetaFlags, letter: string): number | null | undefined {
  const raw = flags.tokens.get(letter);
  if (raw === undefined) return undefined;
  return safeStrtol32(raw);
}

export class MetaCommands {
  private readonly item = new FetchedItem();

  constructor(private readonly store: Store) {}

  mg(words: readonly string[]): string {
    if (words.length < 2) return BAD_FORMAT;
    const flags = parseFlags(words, 2, 'bcfkOqstvT');
    if (flags === null) return INVALID_FLAG;
    const key = decodeKey(words[1]!, flags.letters.includes('b'));
    if (key === null) return BAD_FORMAT;
    const touch = exptimeFlag(flags, 'T');
    if (touch === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
    const item = this.item;
    if (!this.store.fetch(key, item, false, touch)) return flags.letters.includes('q') ? '' : 'EN' + CRLF;
    const returned = echo(flags, words[1]!, item, this.store);
    if (flags.letters.includes('v')) {
      const value = item.value as string;
      return `VA ${value.length}${returned}${CRLF}${value}${CRLF}`;
    }
    return `HD${returned}${CRLF}`;
  }

  /** The block length `ms` reads after its line (datalen + 2), or -1 when the line is rejected first. */
  static msBlockLength(words: readonly string[]): number {
    if (words.length < 3 || words[1]!.length > KEY_MAX_BYTES * 2) return -1;
    const n = safeStrtol32(words[2]!);
    if (n === null || n < 0 || n > 2147483647 - 2) return -1;
    return n + 2;
  }

  /** `ms` whose line was rejected before any data was read. */
  msRejected(words: readonly string[]): string {
    if (words.length < 3) return BAD_FORMAT;
    return 'CLIENT_ERROR bad data chunk' + CRLF;
  }

  ms(words: readonly string[], block: string): string {
    const flags = parseFlags(words, 3, 'bcCFIkOqTM');
    if (flags === null) return INVALID_FLAG;
    const key = decodeKey(words[1]!, flags.letters.includes('b'));
    if (key === null) return BAD_FORMAT;
    if (!block.endsWith(CRLF)) return 'CLIENT_ERROR bad data chunk' + CRLF;
    const value = block.slice(0, block.length - 2);
    const flagValue = flags.tokens.has('F') ? safeStrtol32(flags.tokens.get('F')!) : 0;
    const ttl = exptimeFlag(flags, 'T') ?? 0;
    if (flagValue === null || ttl === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
    let mode: StoreMode = StoreMode.Set;
    const m = flags.tokens.get('M');
    if (m !== undefined) {
      const modes: Record<string, StoreMode> = { E: StoreMode.Add, A: StoreMode.Append, P: StoreMode.Prepend, R: StoreMode.Replace, S: StoreMode.Set };
      const chosen = modes[m.toUpperCase()];
      if (chosen === undefined || m.length !== 1) return 'CLIENT_ERROR invalid mode for ms STORE' + CRLF;
      mode = chosen;
    }
    let cas = 0;
    const casToken = flags.tokens.get('C');
    if (casToken !== undefined) {
      const c = safeStrtoull(casToken);
      if (c === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
      cas = Number(c);
      if (mode === StoreMode.Set) mode = StoreMode.Cas;
    }
    const outcome = this.store.store(mode, key, value, flagValue >>> 0, ttl, cas);
    let code: string;
    switch (outcome) {
      case StoreOutcome.Stored:
        code = 'HD';
        break;
      case StoreOutcome.NotStored:
        code = 'NS';
        break;
      case StoreOutcome.Exists:
        code = 'EX';
        break;
      case StoreOutcome.NotFound:
        code = 'NF';
        break;
      case StoreOutcome.TooLarge:
        return 'SERVER_ERROR object too large for cache' + CRLF;
      default:
        return 'SERVER_ERROR out of memory storing object' + CRLF;
    }
    if (code === 'HD' && flags.letters.includes('q')) return '';
    const wantsItem = flags.letters.includes('c');
    const item = wantsItem && code === 'HD' && this.store.fetch(key, this.item, false) ? this.item : null;
    return `${code}${echo(flags, words[1]!, item, this.store)}${CRLF}`;
  }

  md(words: readonly string[]): string {
    if (words.length < 2) return BAD_FORMAT;
    const flags = parseFlags(words, 2, 'bCkOqIT');
    if (flags === null) return INVALID_FLAG;
    const key = decodeKey(words[1]!, flags.letters.includes('b'));
    if (key === null) return BAD_FORMAT;
    const casToken = flags.tokens.get('C');
    let code: string;
    if (casToken !== undefined) {
      const want = safeStrtoull(casToken);
      if (want === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
      if (!this.store.fetch(key, this.item, false)) code = 'NF';
      else if (BigInt(this.item.cas) !== want) code = 'EX';
      else code = this.store.delete(key) ? 'HD' : 'NF';
    } else {
      code = this.store.delete(key) ? 'HD' : 'NF';
    }
    if (flags.letters.includes('q') && code !== 'EX') return '';
    return `${code}${echo(flags, words[1]!, null, this.store)}${CRLF}`;
  }

  ma(words: readonly string[]): string {
    if (words.length < 2) return BAD_FORMAT;
    const flags = parseFlags(words, 2, 'bcCDJkMNOqtTv');
    if (flags === null) return INVALID_FLAG;
    const key = decodeKey(words[1]!, flags.letters.includes('b'));
    if (key === null) return BAD_FORMAT;
    const deltaRaw = flags.tokens.get('D');
    const delta = deltaRaw === undefined ? 1n : safeStrtoull(deltaRaw);
    if (delta === null) return 'CLIENT_ERROR invalid numeric delta argument' + CRLF;
    let incr = true;
    const m = flags.tokens.get('M');
    if (m !== undefined) {
      if (m === 'I' || m === 'i' || m === '+') incr = true;
      else if (m === 'D' || m === 'd' || m === '-') incr = false;
      else return 'CLIENT_ERROR invalid mode for ma MODE' + CRLF;
    }
    const casToken = flags.tokens.get('C');
    if (casToken !== undefined) {
      const want = safeStrtoull(casToken);
      if (want === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
      if (this.store.fetch(key, this.item, false) && BigInt(this.item.cas) !== want) return `EX${echo(flags, words[1]!, null, this.store)}${CRLF}`;
    }
    const store = this.store;
    let value = store.delta(key, incr, delta < 9007199254740992n ? Number(delta) : delta);
    if (store.deltaOutcome === DeltaOutcome.NotFound) {
      const vivify = exptimeFlag(flags, 'N');
      if (vivify === undefined) return flags.letters.includes('q') ? '' : `NF${echo(flags, words[1]!, null, store)}${CRLF}`;
      if (vivify === null) return 'CLIENT_ERROR bad token in command line format' + CRLF;
      const initialRaw = flags.tokens.get('J') ?? '0';
      const initial = safeStrtoull(initialRaw);
      if (initial === null) return 'CLIENT_ERROR invalid numeric initial value' + CRLF;
      const outcome = store.store(StoreMode.Add, key, initial.toString(), 0, vivify, 0);
      if (outcome !== StoreOutcome.Stored) return `NS${echo(flags, words[1]!, null, store)}${CRLF}`;
      value = initial < 9007199254740992n ? Number(initial) : initial;
    } else if (store.deltaOutcome === DeltaOutcome.NonNumeric) {
      return 'CLIENT_ERROR cannot increment or decrement non-numeric value' + CRLF;
    } else if (store.deltaOutcome !== DeltaOutcome.Ok) {
      return 'SERVER_ERROR out of memory' + CRLF;
    }
    const ttl = exptimeFlag(flags, 'T');
    if (ttl !== undefined && ttl !== null) store.touch(key, ttl);
    const needItem = flags.letters.includes('c') || flags.letters.includes('t');
    const item = needItem && store.fetch(key, this.item, false) ? this.item : null;
    const returned = echo(flags, words[1]!, item, store);
    if (flags.letters.includes('v')) {
      const text = String(value);
      return `VA ${text.length}${returned}${CRLF}${text}${CRLF}`;
    }
    return flags.letters.includes('q') ? '' : `HD${returned}${CRLF}`;
  }
}
