/**
 * memcached's ASCII protocol in front of the memcached-style engine, as memcached 1.6's
 * proto_text.c parses it: tokenising on spaces (at most 24 tokens a pass), the per-command
 * token counts that answer a bare `ERROR`, `noreply` taken from the last token, the exact
 * `CLIENT_ERROR …` lines, and what happens to a data block when its command line is rejected
 * (it is read as the next command) or its item cannot be stored (it is swallowed).
 *
 * `executeText(line, data?)` takes one command line without its CRLF and, for storage
 * commands, the data block the client sent after it (without the final CRLF), and returns
 * every byte memcached would write back. It exists so a differential test can run the same
 * byte stream against this engine and a real memcached; it is not on any hot path.
 */
import type { MemcachedStyleEngine } from './engine.js';
import { ENGINE_VERSION, ERR_BAD_DELTA, ERR_NON_NUMERIC } from './engine.js';
import { KEY_MAX_BYTES } from './item-header.js';
import { safeStrtol32, safeStrtoul32, safeStrtoull } from './numbers.js';
import { collectGeneralStats, collectItemStats, collectSlabStats } from './stats.js';
import { DeltaOutcome, FetchedItem, STORE_REPLIES, StoreMode, StoreOutcome } from './store.js';

/** memcached's MAX_TOKENS: tokens per tokenizer pass, including the terminal one. */
const MAX_TOKENS = 24;
const CRLF = '\r\n';
const BAD_FORMAT = 'CLIENT_ERROR bad command line format';

interface Tokens {
  /** Real tokens of this pass (at most MAX_TOKENS - 1). */
  readonly words: string[];
  /** Unprocessed rest of the line after a full pass, or null when the line was consumed. */
  readonly rest: string | null;
}

/** memcached's tokenize_command: split on single spaces, stop after MAX_TOKENS - 1 tokens. */
function tokenize(line: string): Tokens {
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) === 32) {
      if (i > start) {
        words.push(line.slice(start, i));
        if (words.length === MAX_TOKENS - 1) return { words, rest: i + 1 < line.length ? line.slice(i + 1) : null };
      }
      start = i + 1;
    }
  }
  if (line.length > start) words.push(line.slice(start));
  return { words, rest: null };
}

const UPDATE_COMMANDS: ReadonlyMap<string, StoreMode> = new Map([
  ['set', StoreMode.Set],
  ['add', StoreMode.Add],
  ['replace', StoreMode.Replace],
  ['append', StoreMode.Append],
  ['prepend', StoreMode.Prepend],
  ['cas', StoreMode.Cas],
]);

/** One connection's view: the engine plus reply building. */
export class TextProtocol {
  private readonly fetched = new FetchedItem();
  /** Set while a command carries `noreply`: its out_string replies are dropped. */
  private noreply = false;
  /** executeWithBlock: the data argument is the raw vlen + 2 bytes memcached read. */
  private rawBlock = false;

  constructor(private readonly engine: MemcachedStyleEngine) {}

  /** Run one command line (and its data block) and return the complete reply bytes. */
  executeText(line: string, data?: string): string {
    this.noreply = false;
    const { words, rest } = tokenize(line);
    const ntokens = words.length + 1; // memcached counts the terminal token
    const cmd = words[0] ?? '';
    if (ntokens < 2 || cmd.length < 2) return this.out('ERROR') + this.dataAsCommands(data);

    if (cmd === 'get' || cmd === 'gets' || cmd === 'gat' || cmd === 'gats') {
      if (ntokens < 3) return this.out('ERROR') + this.dataAsCommands(data);
      return this.get(words, rest, cmd === 'gets' || cmd === 'gats', cmd === 'gat' || cmd === 'gats') + this.dataAsCommands(data);
    }
    const mode = UPDATE_COMMANDS.get(cmd);
    if (mode !== undefined) {
      const isCas = mode === StoreMode.Cas;
      if (isCas ? ntokens !== 7 && ntokens !== 8 : ntokens !== 6 && ntokens !== 7) {
        return this.out('ERROR') + this.dataAsCommands(data);
      }
      return this.update(words, ntokens, mode, data);
    }
    let reply: string;
    switch (cmd) {
      case 'mn':
        reply = 'MN' + CRLF;
        break;
      case 'incr':
      case 'decr':
        reply = ntokens === 4 || ntokens === 5 ? this.arithmetic(words, ntokens, cmd === 'incr') : this.out('ERROR');
        break;
      case 'delete':
        reply = ntokens >= 3 && ntokens <= 5 ? this.delete(words, ntokens) : this.out('ERROR');
        break;
      case 'touch':
        reply = ntokens === 4 || ntokens === 5 ? this.touch(words, ntokens) : this.out('ERROR');
        break;
      case 'flush_all':
        reply = ntokens >= 2 && ntokens <= 4 ? this.flushAll(words, ntokens) : this.out('ERROR');
        break;
      case 'version':
        reply = this.out(`VERSION ${ENGINE_VERSION}`);
        break;
      case 'verbosity':
        if (ntokens !== 3 && ntokens !== 4) reply = this.out('ERROR');
        else {
          this.setNoreplyMaybe(words, ntokens);
          reply = safeStrtoul32(words[1]!) === null ? this.out(BAD_FORMAT) : this.out('OK');
        }
        break;
      case 'stats':
        reply = this.stats(words);
        break;
      default:
        reply = this.out('ERROR');
    }
    return reply + this.dataAsCommands(data);
  }

  /**
   * A storage command whose line `dataBlockLength` accepted, with exactly the `vlen + 2` bytes
   * memcached then reads (the item and its terminator, checked here) — the server's path.
   */
  executeWithBlock(line: string, block: string): string {
    this.rawBlock = true;
    try {
      return this.executeText(line, block);
    } finally {
      this.rawBlock = false;
    }
  }

  /** memcached's out_string: a line, unless the command said noreply. */
  private out(text: string): string {
    return this.noreply ? '' : text + CRLF;
  }

  /** set_noreply_maybe: the last token of the pass is "noreply". */
  private setNoreplyMaybe(words: readonly string[], ntokens: number): boolean {
    if (words[ntokens - 2] === 'noreply') this.noreply = true;
    return this.noreply;
  }

  /** A data block nobody consumed is read as further command lines. */
  private dataAsCommands(data: string | undefined): string {
    if (data === undefined) return '';
    return this.linesAsCommands(data + CRLF);
  }

  private linesAsCommands(bytes: string): string {
    let reply = '';
    let at = 0;
    while (at < bytes.length) {
      const nl = bytes.indexOf('\n', at);
      if (nl < 0) throw new Error('text protocol: a partial line would make memcached wait for more input');
      let line = bytes.slice(at, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      reply += this.executeText(line);
      at = nl + 1;
    }
    return reply;
  }

  private get(words: string[], rest: string | null, withCas: boolean, touch: boolean): string {
    let exptime: number | undefined;
    let first = 1;
    if (touch) {
      const e = safeStrtol32(words[1]!);
      if (e === null) return this.out('CLIENT_ERROR invalid exptime argument');
      exptime = e;
      first = 2;
    }
    const store = this.engine.store;
    const f = this.fetched;
    let reply = '';
    let keys = words;
    let more = rest;
    for (;;) {
      for (let i = first; i < keys.length; i++) {
        const key = keys[i]!;
        if (key.length > KEY_MAX_BYTES) return this.out(BAD_FORMAT); // earlier hits are discarded
        if (store.fetch(key, f, false, exptime)) {
          const value = f.value as string;
          reply += `VALUE ${key} ${f.flags} ${value.length}${withCas ? ' ' + f.cas : ''}${CRLF}${value}${CRLF}`;
        }
      }
      if (more === null) break;
      const next = tokenize(more);
      keys = next.words;
      more = next.rest;
      first = 0;
    }
    return reply + 'END' + CRLF;
  }

  private update(words: string[], ntokens: number, mode: StoreMode, data: string | undefined): string {
    this.setNoreplyMaybe(words, ntokens);
    const key = words[1]!;
    if (key.length > KEY_MAX_BYTES) return this.out(BAD_FORMAT) + this.dataAsCommands(data);
    const flags = safeStrtoul32(words[2]!);
    const exptime = flags === null ? null : safeStrtol32(words[3]!);
    const vlen = exptime === null ? null : safeStrtol32(words[4]!);
    if (flags === null || exptime === null || vlen === null) return this.out(BAD_FORMAT) + this.dataAsCommands(data);
    let cas = 0n;
    if (mode === StoreMode.Cas) {
      const c = safeStrtoull(words[5]!);
      if (c === null) return this.out(BAD_FORMAT) + this.dataAsCommands(data);
      cas = c;
    }
    if (vlen < 0 || vlen > 2147483647 - 2) return this.out(BAD_FORMAT) + this.dataAsCommands(data);
    if (data === undefined) throw new Error(`text protocol: '${words[0]}' needs its data block`);
    // memcached now reads exactly vlen + 2 bytes; what follows is the next command.
    const stream = this.rawBlock ? data : data + CRLF;
    if (stream.length < vlen + 2) throw new Error('text protocol: data block shorter than declared; memcached would wait for more input');
    const chunk = stream.slice(0, vlen);
    const terminator = stream.slice(vlen, vlen + 2);
    const after = stream.slice(vlen + 2);

    const store = this.engine.store;
    let reply: string;
    if (terminator !== CRLF) {
      // memcached allocated the item first: too large / out of memory win over a bad chunk.
      if (48 + key.length + vlen > this.engine.mem.itemSizeMax) reply = this.tooLarge(key, mode);
      else reply = this.out('CLIENT_ERROR bad data chunk');
    } else {
      const outcome = store.store(mode, key, chunk, flags, exptime, Number(cas));
      if (outcome === StoreOutcome.TooLarge) reply = this.out('SERVER_ERROR object too large for cache');
      else if (outcome === StoreOutcome.NoMemory) reply = this.out('SERVER_ERROR out of memory storing object');
      else reply = this.out(STORE_REPLIES[outcome as 0 | 1 | 2 | 3]);
    }
    return reply + (after.length > 0 ? this.linesAsCommandsFresh(after) : '');
  }

  /** Reply for an item that cannot fit; a failed set also drops the old value (memcached). */
  private tooLarge(key: string, mode: StoreMode): string {
    if (mode === StoreMode.Set) this.engine.store.delete(key);
    return this.out('SERVER_ERROR object too large for cache');
  }

  /** Further lines start with noreply cleared (memcached resets it per parsed command). */
  private linesAsCommandsFresh(bytes: string): string {
    this.noreply = false;
    return this.linesAsCommands(bytes);
  }

  private arithmetic(words: string[], ntokens: number, incr: boolean): string {
    this.setNoreplyMaybe(words, ntokens);
    const key = words[1]!;
    if (key.length > KEY_MAX_BYTES) return this.out(BAD_FORMAT);
    const delta = safeStrtoull(words[2]!);
    if (delta === null) return this.out(ERR_BAD_DELTA);
    const store = this.engine.store;
    const value = store.delta(key, incr, delta < 9007199254740992n ? Number(delta) : delta);
    switch (store.deltaOutcome) {
      case DeltaOutcome.Ok:
        return this.out(String(value));
      case DeltaOutcome.NotFound:
        return this.out('NOT_FOUND');
      case DeltaOutcome.NonNumeric:
        return this.out(ERR_NON_NUMERIC);
      default:
        return this.out('SERVER_ERROR out of memory');
    }
  }

  private delete(words: string[], ntokens: number): string {
    if (ntokens > 3) {
      const holdIsZero = words[2] === '0';
      const setsNoreply = this.setNoreplyMaybe(words, ntokens);
      const valid = (ntokens === 4 && (holdIsZero || setsNoreply)) || (ntokens === 5 && holdIsZero && setsNoreply);
      if (!valid) return this.out('CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]');
    }
    const key = words[1]!;
    if (key.length > KEY_MAX_BYTES) return this.out(BAD_FORMAT);
    return this.out(this.engine.store.delete(key) ? 'DELETED' : 'NOT_FOUND');
  }

  private touch(words: string[], ntokens: number): string {
    this.setNoreplyMaybe(words, ntokens);
    const key = words[1]!;
    if (key.length > KEY_MAX_BYTES) return this.out(BAD_FORMAT);
    const exptime = safeStrtol32(words[2]!);
    if (exptime === null) return this.out('CLIENT_ERROR invalid exptime argument');
    return this.out(this.engine.store.touch(key, exptime) ? 'TOUCHED' : 'NOT_FOUND');
  }

  private flushAll(words: string[], ntokens: number): string {
    this.setNoreplyMaybe(words, ntokens);
    let delay = 0;
    if (ntokens !== (this.noreply ? 3 : 2)) {
      const e = safeStrtol32(words[1]!);
      if (e === null) return this.out('CLIENT_ERROR invalid exptime argument');
      delay = e;
    }
    this.engine.store.flushAll(delay);
    return this.out('OK');
  }

  private stats(words: string[]): string {
    let figures: Map<string, string | number>;
    if (words.length === 1) figures = collectGeneralStats(this.engine.mem, ENGINE_VERSION);
    else if (words[1] === 'slabs') figures = collectSlabStats(this.engine.mem);
    else if (words[1] === 'items') figures = collectItemStats(this.engine.mem);
    else return this.out('ERROR');
    let reply = '';
    for (const [name, value] of figures) reply += `STAT ${name} ${value}${CRLF}`;
    return reply + 'END' + CRLF;
  }
}

/**
 * How many bytes memcached reads after this command line before the next command: vlen + 2
 * for a storage command whose line parses (memcached then reads the block even when it cannot
 * store the item), -1 for every other line (a rejected storage line's data is read as commands).
 */
export function dataBlockLength(line: string): number {
  const c0 = line.charCodeAt(0);
  // set add replace append prepend cas: rule the rest out before tokenising.
  if (c0 !== 115 && c0 !== 97 && c0 !== 114 && c0 !== 112 && c0 !== 99) return -1;
  const { words } = tokenize(line);
  const mode = UPDATE_COMMANDS.get(words[0] ?? '');
  if (mode === undefined) return -1;
  const ntokens = words.length + 1;
  const isCas = mode === StoreMode.Cas;
  if (isCas ? ntokens !== 7 && ntokens !== 8 : ntokens !== 6 && ntokens !== 7) return -1;
  if (words[1]!.length > KEY_MAX_BYTES) return -1;
  if (safeStrtoul32(words[2]!) === null || safeStrtol32(words[3]!) === null) return -1;
  const vlen = safeStrtol32(words[4]!);
  if (vlen === null) return -1;
  if (isCas && safeStrtoull(words[5]!) === null) return -1;
  if (vlen < 0 || vlen > 2147483647 - 2) return -1;
  return vlen + 2;
}

/** One-shot form: run `line` (+ `data`) against `engine` and return the reply bytes. */
export function executeText(engine: MemcachedStyleEngine, line: string, data?: string): string {
  return new TextProtocol(engine).executeText(line, data);
}
