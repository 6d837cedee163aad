import { describe, expect, it } from 'vitest';
import { asDatabaseUnavailable, databaseUnavailableReason, DatabaseUnavailableError } from './unavailable.ts';

const err = (message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), extra);

describe('classifying database failures (issue 8)', () => {
  it.each([
    [err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), 'database-unreachable'],
    [err('getaddrinfo ENOTFOUND db', { code: 'ENOTFOUND' }), 'database-unreachable'],
    [err('connect ETIMEDOUT', { code: 'ETIMEDOUT' }), 'database-timeout'],
    [err('Connection terminated unexpectedly'), 'database-unreachable'],
    [err('Client has encountered a connection error and is not queryable'), 'database-unreachable'],
    [err('the database system is shutting down', { code: '57P03' }), 'database-unreachable'],
    [err('sorry, too many clients already', { code: '53300' }), 'database-unreachable'],
    [err('connection failure', { code: '08006' }), 'database-unreachable'],
    [err('terminating connection due to idle-in-transaction timeout', { code: '25P03' }), 'database-timeout'],
    [err('Connection terminated due to connection timeout', { cause: err('x') }), 'database-timeout'],
    [err('wrapped', { cause: err('read ECONNRESET', { code: 'ECONNRESET' }) }), 'database-unreachable'],
    [
      new AggregateError(
        [err('a', { code: 'ECONNREFUSED' }), err('b', { code: 'ECONNREFUSED' })],
        'all failed',
      ),
      'database-unreachable',
    ],
  ])('%s → %s', (e, reason) => {
    expect(databaseUnavailableReason(e)).toBe(reason);
    const mapped = asDatabaseUnavailable(e);
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).cause).toBe(e);
  });

  it.each([
    err('duplicate key value violates unique constraint', { code: '23505' }),
    err('syntax error at or near "SELEC"', { code: '42601' }),
    err('permission denied for table users', { code: '42501' }),
    new TypeError('x is undefined'),
    'a string',
    null,
  ])('leaves other errors alone: %s', (e) => {
    expect(databaseUnavailableReason(e)).toBeNull();
    expect(asDatabaseUnavailable(e)).toBe(e);
  });
});
