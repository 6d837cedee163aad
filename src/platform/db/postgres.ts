import pg from 'pg';
import type { Db, Queryable } from './types.ts';

/** Real PostgreSQL through node-postgres. */
export async function openPostgres(connectionString: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max });
  // Fail fast with a readable error when the server does not answer.
  const client = await pool.connect();
  client.release();
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
  };
  return {
    kind: 'postgres',
    ...q,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await c.query(sql, params as unknown[] | undefined);
            return { rows: r.rows as R[] };
          },
          async exec(sql: string) {
            await c.query(sql);
          },
        });
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
