import { describe, expect, it } from 'vitest';
import { DatabaseError, openDatabase } from '../../../workloads/database/database.js';

describe('embedded database (PGlite in its own thread)', () => {
  it('answers queries with rows, and SQL errors carry the SQLSTATE', async () => {
    const db = await openDatabase('', 1);
    expect(db.kind).toBe('embedded');
    await db.exec('CREATE TABLE IF NOT EXISTS db_test_t (id int PRIMARY KEY, name text)');
    await db.query('INSERT INTO db_test_t VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING', [1, 'a', 2, 'b']);
    expect(await db.query('SELECT id, name FROM db_test_t ORDER BY id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    const err = await db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('42P01');
    // A second open in this thread shares the same PGlite: the table is there.
    const again = await openDatabase('', 1);
    expect(await again.query('SELECT count(*)::int AS n FROM db_test_t')).toEqual([{ n: 2 }]);
    await db.exec('DROP TABLE db_test_t');
  });

  it('a long query does not block the calling thread', async () => {
    const db = await openDatabase('', 1);
    let ticks = 0;
    let running = true;
    const spin = (): void => {
      ticks++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    // Tens of milliseconds of work inside PGlite; on the calling thread it would allow no tick.
    await db.query('SELECT sum(i)::text AS s FROM generate_series(1, 2000000) AS i');
    running = false;
    expect(ticks).toBeGreaterThan(10);
  });
});
