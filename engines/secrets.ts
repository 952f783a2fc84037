/**
 * The one redaction of secrets. Every URL form a connection string can take and every
 * secret-bearing option go through here before they reach a result file, a report, the terminal
 * or an error message:
 *
 * - URLs (`redis://`, `rediss://`, `memcached://`, `postgres://`…): the userinfo up to the LAST
 *   `@` — the same split the URL parsers make, so a password holding `@`, `/`, `:` or percent
 *   escapes is covered whole. `user:pass@` keeps the user; a lone `secret@` (Redis reads it as a
 *   password) is replaced entirely. Query parameters named like secrets (`?password=`) too.
 * - Options: any value under a secret-looking key (`password`, `requirepass`, `token`, `key`,
 *   `passphrase`, `pfx`, `cert`, `ca`…) at any depth (`tls.key`), and any string holding a PEM
 *   block (a `cert` bundle may carry a private key). Paths to such files (`tls.keyFile`) are kept:
 *   they name the file, not its contents.
 * - Free text (error messages, reasons): URLs inside it, and then every secret value seen in the
 *   options of this process (`rememberSecrets`) — raw and percent-decoded — of at least
 *   `MIN_SCRUB_LENGTH` characters (shorter ones would blank unrelated words).
 */

export const REDACTED = '***';

/** Keys whose values are secret wherever they appear. */
const SECRET_KEY = /^(?:pass|passwd|pwd|key|privatekey|passphrase|pfx|cert|ca|crl|auth|credentials?|requirepass|masterauth)$|password|secret|token|apikey|sasl/i;
/** Keys that name a file holding a secret: the path is recorded, never the contents. */
const FILE_KEY = /(?:file|path)$/i;
const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** A URL inside free text: scheme, then anything up to whitespace or a quote. */
const URL_IN_TEXT = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s'"`<>]*/g;
const SECRET_QUERY = /([?&;](?:password|pass|pwd|secret|token|auth|sslpassword|sslkey|key)=)[^&#;]*/gi;
export const MIN_SCRUB_LENGTH = 4;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !FILE_KEY.test(key);
}

/** `redis://user:pa@s/s@host:1/0` → `redis://user:***@host:1/0`; strings without a scheme unchanged. */
export function redactUrl(url: string): string {
  const m = SCHEME.exec(url);
  if (!m) return url;
  let rest = url.slice(m[0].length);
  let auth = '';
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    auth = colon < 0 ? `${REDACTED}@` : `${userinfo.slice(0, colon)}:${REDACTED}@`;
  }
  return m[0] + auth + rest.replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** The secret parts of a URL (password or lone userinfo, secret query values), raw and decoded. */
function urlSecrets(url: string, into: Set<string>): void {
  const m = SCHEME.exec(url);
  if (!m) return;
  let rest = url.slice(m[0].length);
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    addWithDecoded(colon < 0 ? userinfo : userinfo.slice(colon + 1), into);
  }
  for (const q of rest.matchAll(SECRET_QUERY)) addWithDecoded(q[0].slice(q[1]!.length), into);
}

function addWithDecoded(secret: string, into: Set<string>): void {
  if (secret.length === 0) return;
  into.add(secret);
  try {
    into.add(decodeURIComponent(secret));
  } catch {
    // not valid percent-encoding: the raw form is what a reader would see
  }
}

/** Every remembered (or given) secret in `text` replaced, then every URL in it redacted. */
export function redactText(text: string, secrets: Iterable<string> = remembered): string {
  // Known secrets first, whole: a URL cut at a quote inside its password would hide them.
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= MIN_SCRUB_LENGTH && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out.includes('://') ? out.replace(URL_IN_TEXT, redactUrl) : out;
}

/**
 * A deep copy of `value` with secrets replaced (see the file comment). Keeps the shape, so a
 * reader still sees which options were set.
 */
export function redactOptions<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (value === undefined || value === null) return value;
  if (key !== undefined && isSecretKey(key)) return REDACTED;
  if (typeof value === 'string') {
    if (PEM.test(value)) return REDACTED;
    // A whole-value URL is split as the parsers split it (a password may hold spaces or quotes).
    if (SCHEME.test(value)) return redactUrl(value);
    return value.includes('://') ? redactText(value, []) : value;
  }
  if (typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, undefined));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactValue(v, k);
  return out;
}

/** The secret strings inside `value` (for scrubbing free text that may quote them). */
export function secretsOf(value: unknown): Set<string> {
  const found = new Set<string>();
  collect(value, undefined, found);
  return found;
}

function collect(value: unknown, key: string | undefined, into: Set<string>): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    if (key !== undefined && isSecretKey(key)) addWithDecoded(value, into);
    else if (PEM.test(value)) into.add(value);
    else if (SCHEME.test(value)) urlSecrets(value, into);
    else if (value.includes('://')) for (const u of value.match(URL_IN_TEXT) ?? []) urlSecrets(u, into);
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    if (key !== undefined && isSecretKey(key)) into.add(String(value));
    return;
  }
  if (typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
  if (Array.isArray(value)) for (const v of value) collect(v, key, into);
  else for (const [k, v] of Object.entries(value as Record<string, unknown>)) collect(v, k, into);
}

/**
 * Secrets this process was given (options, URLs, parameters), so that messages printed at the
 * edge — the CLI's error line, warnings — can be scrubbed of them even when a library quoted one.
 */
const remembered = new Set<string>();

export function rememberSecrets(value: unknown): void {
  for (const s of secretsOf(value)) remembered.add(s);
}
