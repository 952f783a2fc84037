/**
 * The `users` table behind cache-aside (the scenario and the HTTP API's `/users/:id`): rows
 * generated from the seed alone, so every thread and every run builds the same table, and one
 * fixed serialised form so a cached copy equals the database row byte for byte.
 */
import { Rng } from '../../shared/rng.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';
import type { Database } from './database.js';

export interface UserRow {
  id: number;
  name: string;
  email: string;
  score: number;
  version: number;
}

/** Rows inserted per INSERT statement while generating the table. */
const INSERT_BATCH = 500;

/** Letters for generated names; the table is a pure function of the seed. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'yo', 'ze', 'an', 'el'];

function generateRow(id: number, rng: Rng): UserRow {
  let name = '';
  const parts = 2 + rng.int(3);
  for (let i = 0; i < parts; i++) name += SYLLABLES[rng.int(SYLLABLES.length)];
  return { id, name, email: `${name}.${id}@example.com`, score: rng.int(1_000_000), version: 1 };
}

/** The cached form of a row; fixed field order so equal rows serialise equally. */
export function serializeRow(row: UserRow): string {
  return `{"id":${row.id},"name":${JSON.stringify(row.name)},"email":${JSON.stringify(row.email)},"score":${row.score},"version":${row.version}}`;
}

/** SQL for one users table. */
export class UsersTable {
  readonly selectSql: string;
  readonly updateSql: string;
  readonly selectManySql: string;

  constructor(readonly name: string) {
    this.selectSql = `SELECT id, name, email, score, version FROM ${name} WHERE id = $1`;
    this.updateSql = `UPDATE ${name} SET score = score + 1, version = version + 1 WHERE id = $1 RETURNING id, name, email, score, version`;
    this.selectManySql = `SELECT id, name, email, score, version FROM ${name} WHERE id = ANY($1::int[]) ORDER BY id`;
  }

  /** Create the table and fill it with `rows` rows drawn from `seed`, unless it holds them already. */
  async create(db: Database, rows: number, seed: number): Promise<void> {
    const create = `CREATE TABLE IF NOT EXISTS ${this.name} (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL, score integer NOT NULL, version integer NOT NULL)`;
    try {
      await db.exec(create);
    } catch (err) {
      // Two threads creating the same server table at once: one loses with a duplicate; the table exists.
      if (db.kind === 'embedded') throw err;
      await db.exec(create);
    }
    const present = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.name}`);
    if ((present[0]?.n ?? 0) >= rows) return;
    const rng = new Rng(seed, SEED_STREAM.cacheAsideRows);
    for (let start = 0; start < rows; start += INSERT_BATCH) {
      const end = Math.min(start + INSERT_BATCH, rows);
      const values: string[] = [];
      const args: unknown[] = [];
      for (let id = start; id < end; id++) {
        const row = generateRow(id, rng);
        const p = args.length;
        values.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, 1)`);
        args.push(row.id, row.name, row.email, row.score);
      }
      await db.query(`INSERT INTO ${this.name} (id, name, email, score, version) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`, args);
    }
  }
}
