import { describe, expect, it } from 'vitest';
import { CentreQueue, HOUR_MS } from './queue.ts';

const staff = (...perHour: number[]) => ({ originMs: 0, operators: perHour });
const call = (ringAt: number, handleMs: number, patienceMs = Infinity, pickUpMs = 0) => ({
  ringAt,
  handleMs,
  patienceMs,
  pickUpMs,
});

describe("CentreQueue: a centre's operators, first come first served (issue 10 part 4)", () => {
  it('one operator: calls wait for the previous one to be handled', () => {
    const q = new CentreQueue(staff(1));
    expect(q.offer(call(0, 100))).toEqual({ kind: 'answered', answeredAt: 0, operator: 0, freeAt: 100 });
    expect(q.offer(call(10, 100))).toEqual({ kind: 'answered', answeredAt: 100, operator: 0, freeAt: 200 });
    expect(q.offer(call(20, 100))).toEqual({ kind: 'answered', answeredAt: 200, operator: 0, freeAt: 300 });
    expect(q.offer(call(400, 50))).toEqual({ kind: 'answered', answeredAt: 400, operator: 0, freeAt: 450 });
  });

  it('two operators: the one free first takes the call; the lowest number on a tie', () => {
    const q = new CentreQueue(staff(2));
    expect(q.offer(call(0, 100))).toMatchObject({ answeredAt: 0, operator: 0 });
    expect(q.offer(call(0, 30))).toMatchObject({ answeredAt: 0, operator: 1 });
    expect(q.offer(call(5, 10))).toMatchObject({ answeredAt: 30, operator: 1 });
    expect(q.offer(call(5, 10))).toMatchObject({ answeredAt: 40, operator: 1 });
  });

  it('a caller whose wait would exceed their patience hangs up and takes no operator time', () => {
    const q = new CentreQueue(staff(1));
    q.offer(call(0, 100));
    expect(q.offer(call(10, 100, 50))).toEqual({ kind: 'abandoned', abandonedAt: 60 });
    // The next caller is served as if the one who hung up had never been there.
    expect(q.offer(call(20, 100))).toMatchObject({ answeredAt: 100 });
  });

  it('a wait exactly equal to the patience is answered', () => {
    const q = new CentreQueue(staff(1));
    q.offer(call(0, 100));
    expect(q.offer(call(40, 10, 60))).toMatchObject({ kind: 'answered', answeredAt: 100 });
  });

  it('the pick-up time is part of the answer time and of the wait the patience allows', () => {
    const q = new CentreQueue(staff(1));
    expect(q.offer(call(0, 100, Infinity, 8))).toEqual({
      kind: 'answered',
      answeredAt: 8,
      operator: 0,
      freeAt: 108,
    });
    expect(q.offer(call(0, 100, 100, 8))).toEqual({ kind: 'abandoned', abandonedAt: 100 });
  });

  it('staffing by hour: no operator on duty → the call waits for the next staffed hour', () => {
    const q = new CentreQueue(staff(0, 1));
    expect(q.offer(call(1000, 60_000))).toMatchObject({ kind: 'answered', answeredAt: HOUR_MS, operator: 0 });
  });

  it('an operator going off duty finishes the call but takes no new one', () => {
    const q = new CentreQueue(staff(2, 1, 1));
    // Operator 1 takes a call near the end of hour 0 that lasts into hour 1.
    q.offer(call(HOUR_MS - 1000, 2 * HOUR_MS));
    expect(q.offer(call(HOUR_MS - 500, 10_000))).toMatchObject({ answeredAt: HOUR_MS - 500, operator: 1 });
    // In hour 1 only operator 0 is on duty (busy until 3h - 1 s): operator 1, free at HOUR_MS + 9.5 s, is off duty.
    expect(q.offer(call(HOUR_MS + 20_000, 1000, 10 * HOUR_MS))).toMatchObject({
      answeredAt: 3 * HOUR_MS - 1000,
      operator: 0,
    });
  });

  it('no operator ever again in the span: the caller gives up', () => {
    const q = new CentreQueue(staff(0, 0));
    expect(q.offer(call(0, 10, 5000))).toEqual({ kind: 'abandoned', abandonedAt: 5000 });
  });

  it('refuses a call that rings before the previous one (the model must offer in ring order)', () => {
    const q = new CentreQueue(staff(1));
    q.offer(call(100, 10));
    expect(() => q.offer(call(50, 10))).toThrow(RangeError);
  });
});

describe('CentreQueue: part-time operators (a fraction of staffing)', () => {
  it('staffing 0.5: the operator is at the phone the first five of every ten minutes', () => {
    const q = new CentreQueue(staff(0.5));
    expect(q.onDutyFrom(0, 0)).toBe(0);
    expect(q.onDutyFrom(0, 299_999)).toBe(299_999);
    expect(q.onDutyFrom(0, 300_000)).toBe(600_000);
    expect(q.offer(call(400_000, 60_000))).toMatchObject({ answeredAt: 600_000 });
  });

  it('staffing 1.25: operator 0 full time, operator 1 the first 2.5 of every ten minutes', () => {
    const q = new CentreQueue(staff(1.25, 0));
    expect(q.onDutyFrom(0, 350_000)).toBe(350_000);
    expect(q.onDutyFrom(1, 149_999)).toBe(149_999);
    expect(q.onDutyFrom(1, 150_000)).toBe(600_000);
    expect(q.onDutyFrom(1, 160_000)).toBe(600_000);
    // The last block of the hour ends the hour; the next hour has nobody: never again.
    expect(q.onDutyFrom(1, HOUR_MS - 1000)).toBe(Infinity);
  });
});
