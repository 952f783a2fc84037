/**
 * Where the wire form of a reply depends on its command, as data: the RESP2 null array (`*-1`
 * rather than `$-1`), and RESP3's maps, sets, doubles and nested score pairs (redis-server 7.0).
 * Keyed by the command table's lower-case name; a command absent here is written as is.
 */

export enum Shape {
  Plain,
  /** Nil is `*-1` in RESP2 (BLPOP timeout, EXEC aborted by WATCH, LPOP key count on a missing key). */
  NullArray,
  /** RESP3 `%`: a flat [k, v, k, v…] array becomes a map. */
  Map,
  /** RESP3 `~`. */
  Set,
  /** RESP3 `,`: a score string becomes a double. */
  Double,
  /** An array of scores (or nils). */
  Doubles,
  /** RESP3: [m, s, m, s…] becomes [[m, s], [m, s]…] with doubles. */
  ScorePairs,
  /** RESP3: ZPOPMIN/ZPOPMAX without a count: [m, s] with s a double. */
  MemberScore,
  /** RESP3: [f, v, f, v…] becomes [[f, v]…] (HRANDFIELD WITHVALUES). */
  FieldValuePairs,
  /** RESP3 `=`: a verbatim text (INFO, CLIENT LIST). */
  Verbatim,
}

export type ShapeRule = (argv: readonly string[]) => Shape;

const has = (argv: readonly string[], word: string, from: number): boolean => {
  for (let i = from; i < argv.length; i++) if (argv[i]!.length === word.length && argv[i]!.toUpperCase() === word) return true;
  return false;
};
const always = (s: Shape): ShapeRule => () => s;
const withScores = (from: number): ShapeRule => (argv) => (has(argv, 'WITHSCORES', from) ? Shape.ScorePairs : Shape.Plain);
const sub = (name: string, s: Shape): ShapeRule => (argv) => (argv.length > 1 && argv[1]!.toUpperCase() === name ? s : Shape.Plain);

export const REPLY_SHAPES: ReadonlyMap<string, ShapeRule> = new Map<string, ShapeRule>([
  ['blpop', always(Shape.NullArray)],
  ['brpop', always(Shape.NullArray)],
  ['exec', always(Shape.NullArray)],
  ['lpop', (argv) => (argv.length === 3 ? Shape.NullArray : Shape.Plain)],
  ['rpop', (argv) => (argv.length === 3 ? Shape.NullArray : Shape.Plain)],
  ['hgetall', always(Shape.Map)],
  ['config', sub('GET', Shape.Map)],
  ['hello', always(Shape.Map)],
  ['pubsub', sub('NUMSUB', Shape.Map)],
  ['smembers', always(Shape.Set)],
  ['sinter', always(Shape.Set)],
  ['sunion', always(Shape.Set)],
  ['sdiff', always(Shape.Set)],
  ['spop', (argv) => (argv.length === 3 ? Shape.Set : Shape.Plain)],
  ['zscore', always(Shape.Double)],
  ['zincrby', always(Shape.Double)],
  ['zadd', always(Shape.Double)],
  ['zmscore', always(Shape.Doubles)],
  ['zrange', withScores(4)],
  ['zrevrange', withScores(4)],
  ['zrangebyscore', withScores(4)],
  ['zrevrangebyscore', withScores(4)],
  ['zrandmember', withScores(3)],
  ['zpopmin', (argv) => (argv.length === 2 ? Shape.MemberScore : Shape.ScorePairs)],
  ['zpopmax', (argv) => (argv.length === 2 ? Shape.MemberScore : Shape.ScorePairs)],
  ['hrandfield', (argv) => (has(argv, 'WITHVALUES', 3) ? Shape.FieldValuePairs : Shape.Plain)],
  ['info', always(Shape.Verbatim)],
  ['client', (argv) => (argv.length > 1 && ['LIST', 'INFO'].includes(argv[1]!.toUpperCase()) ? Shape.Verbatim : Shape.Plain)],
]);
