import { describe, expect, it } from 'vitest';
import { timeline } from './timeline.ts';

const start = '2025-01-15';

describe('ON-3 timeline from local project start', () => {
  it('expects go-live 9–12 months after the start and sets milestone due dates', () => {
    const t = timeline({ localProjectStart: start, done: {} }, '2025-02-01');
    expect(t.expectedGoLiveEarliest).toBe('2025-10-15');
    expect(t.expectedGoLiveLatest).toBe('2026-01-15');
    expect(t.milestones.map((m) => [m.milestone, m.due])).toEqual([
      ['agreements-signed', '2025-07-15'],
      ['installed', '2025-09-15'],
      ['test-report-approved', '2025-10-15'],
      ['go-live', '2026-01-15'],
    ]);
    expect(t.warnings).toEqual([]);
  });
  it('warns 30 days before a milestone and marks it overdue after its due date', () => {
    expect(
      timeline({ localProjectStart: start, done: {} }, '2025-06-20').warnings.map((w) => w.code),
    ).toEqual(['agreements-signed-due-soon']);
    const late = timeline({ localProjectStart: start, done: {} }, '2025-09-20').warnings;
    expect(late.map((w) => [w.code, w.severity])).toEqual([
      ['agreements-signed-overdue', 'overdue'],
      ['installed-overdue', 'overdue'],
      ['test-report-approved-due-soon', 'warning'],
    ]);
    expect(late[0]!.message).toContain('2025-07-15');
  });
  it('raises no warning for milestones done by the date', () => {
    const t = timeline(
      { localProjectStart: start, done: { 'agreements-signed': '2025-05-01', installed: '2025-09-01' } },
      '2025-09-20',
    );
    expect(t.warnings.map((w) => w.code)).toEqual(['test-report-approved-due-soon']);
  });
  it('warns when the planned go-live lies beyond 12 months', () => {
    const t = timeline({ localProjectStart: start, plannedGoLive: '2026-03-01', done: {} }, '2025-02-01');
    expect(t.warnings.map((w) => w.code)).toEqual(['planned-beyond-twelve-months']);
  });
  it('has no timeline without a local project start', () => {
    expect(timeline({ done: {} }, '2025-02-01').milestones).toEqual([]);
  });
});
