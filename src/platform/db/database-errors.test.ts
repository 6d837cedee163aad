/**
 * Real constraint and data errors of PGlite and PostgreSQL, mapped in one place to problem+json
 * (issue 8): stable codes, the constraint and its columns named, no row values in the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { fromDatabaseError } from './database-errors.ts';
import { createTestDb, dbKinds } from './testing.ts';
import type { Db } from './types.ts';

describe.each(dbKinds())('database errors on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
    await db.exec(`
      CREATE TABLE t_parent (id int PRIMARY KEY);
      CREATE TABLE t_child (
        id int PRIMARY KEY,
        code text CONSTRAINT t_child_code_key UNIQUE,
        n int CONSTRAINT t_child_n_positive CHECK (n > 0),
        parent int CONSTRAINT t_child_parent_fkey REFERENCES t_parent(id),
        ref uuid,
        doc jsonb
      );
      INSERT INTO t_parent VALUES (1);
      INSERT INTO t_child (id, code, parent) VALUES (1, 'secret-value-1', 1);`);
  });
  afterAll(async () => db?.close());

  /** The mapped problem of the error a statement raises (in a transaction, as the stores run). */
  const problemOf = async (sql: string, params: unknown[] = []) => {
    const err = await db
      .transaction((tx) => tx.query(sql, params))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeNull();
    const mapped = fromDatabaseError(err);
    expect(mapped).toBeInstanceOf(AppError);
    return mapped!.toProblem();
  };

  it('23505 unique violation → 409 unique-violation naming the constraint and column, not the value', async () => {
    const p = await problemOf(`INSERT INTO t_child (id, code) VALUES (2, 'secret-value-1')`);
    expect(p).toMatchObject({
      status: 409,
      code: 'unique-violation',
      constraint: 't_child_code_key',
      columns: ['code'],
    });
    expect(JSON.stringify(p)).not.toContain('secret-value-1');
  });

  it('23503 on insert → 422 reference-missing; on delete of a referenced row → 409 still-referenced', async () => {
    expect(await problemOf(`INSERT INTO t_child (id, parent) VALUES (3, 99)`)).toMatchObject({
      status: 422,
      code: 'reference-missing',
      constraint: 't_child_parent_fkey',
      columns: ['parent'],
    });
    expect(await problemOf(`DELETE FROM t_parent WHERE id = 1`)).toMatchObject({
      status: 409,
      code: 'still-referenced',
      constraint: 't_child_parent_fkey',
    });
  });

  it('23514 check and 23502 not-null → 422 check-violation', async () => {
    expect(await problemOf(`INSERT INTO t_child (id, n) VALUES (4, 0)`)).toMatchObject({
      status: 422,
      code: 'check-violation',
      constraint: 't_child_n_positive',
    });
    expect(await problemOf(`INSERT INTO t_child (id) VALUES (NULL)`)).toMatchObject({
      status: 422,
      code: 'check-violation',
      columns: ['id'],
    });
  });

  it('22P02 bad input syntax, 22021 NUL in text and 22P05 NUL in jsonb → 400 invalid-value without the input', async () => {
    const bad = await problemOf(`INSERT INTO t_child (id, ref) VALUES (5, $1)`, ['not-a-uuid-secret']);
    expect(bad).toMatchObject({ status: 400, code: 'invalid-value', sqlstate: '22P02' });
    expect(JSON.stringify(bad)).not.toContain('secret');
    expect(await problemOf(`INSERT INTO t_child (id, code) VALUES (6, $1)`, ['a\u0000b'])).toMatchObject({
      status: 400,
      code: 'invalid-value',
      sqlstate: '22021',
    });
    expect(
      await problemOf(`INSERT INTO t_child (id, doc) VALUES (7, $1)`, [JSON.stringify({ a: 'x\u0000' })]),
    ).toMatchObject({ status: 400, code: 'invalid-value', sqlstate: '22P05' });
  });

  it('errors that are not the caller’s stay unmapped (a 500 that is logged)', async () => {
    const err = await db.query('SELECT * FROM no_such_table').then(
      () => null,
      (e: unknown) => e,
    );
    expect(fromDatabaseError(err)).toBeNull();
    expect(fromDatabaseError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBeNull();
    expect(fromDatabaseError(new AppError('conflict', 'x'))).toBeNull();
  });
});
