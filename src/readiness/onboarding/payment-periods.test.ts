import { describe, expect, it } from 'vitest';
import { firstFullQuarterFrom, paymentPeriods, paymentStart, quarterOf } from './payment-periods.ts';

const done = { installedAt: '2025-01-10', testedAt: '2025-02-01', agreementSignedAt: '2024-12-01' };

describe('ON-2 quarterly payment periods', () => {
  it('start with the first full quarter after the test report is approved', () => {
    expect(paymentStart({ ...done, testReportApprovedAt: '2025-02-14' })).toBe('2025-04-01');
    expect(paymentStart({ ...done, testReportApprovedAt: '2025-12-31' })).toBe('2026-01-01');
  });
  it('count a quarter beginning on the approval day as full', () => {
    expect(firstFullQuarterFrom('2025-04-01')).toBe('2025-04-01');
    expect(firstFullQuarterFrom('2025-04-02')).toBe('2025-07-01');
  });
  it('do not start before installation, test, approval and signing are all recorded', () => {
    expect(paymentStart({ ...done, testReportApprovedAt: null })).toBeNull();
    expect(paymentStart({ ...done, testReportApprovedAt: '2025-02-14', agreementSignedAt: null })).toBeNull();
    expect(paymentStart({ ...done, testReportApprovedAt: '2025-02-14', testedAt: null })).toBeNull();
  });
  it('start after a communication-centre agreement signed later than the approval', () => {
    expect(
      paymentStart({ ...done, testReportApprovedAt: '2025-02-14', agreementSignedAt: '2025-05-05' }),
    ).toBe('2025-07-01');
  });
  it('list every quarter up to the one containing the date, and stop at termination', () => {
    const p = { ...done, testReportApprovedAt: '2025-02-14' };
    expect(paymentPeriods(p, '2025-03-31')).toEqual([]);
    expect(paymentPeriods(p, '2025-11-15').map((q) => q.quarter)).toEqual(['2025-Q2', '2025-Q3', '2025-Q4']);
    expect(
      paymentPeriods({ ...p, agreementTerminatedAt: '2025-08-01' }, '2026-06-01').map((q) => q.quarter),
    ).toEqual(['2025-Q2', '2025-Q3']);
  });
  it('give quarter bounds including leap years', () => {
    expect(quarterOf('2024-02-10')).toEqual({ quarter: '2024-Q1', from: '2024-01-01', to: '2024-03-31' });
    expect(quarterOf('2024-12-31')).toEqual({ quarter: '2024-Q4', from: '2024-10-01', to: '2024-12-31' });
  });
});
