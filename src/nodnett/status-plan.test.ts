import { describe, expect, it } from 'vitest';
import { nodnettConfigSchema } from './config.ts';
import { isAnswer, parseStatusPlan, SIMULATED_STATUS_PLAN } from './status-plan.ts';

describe('the status plan: crews’ statuses and first responders’ answers (NN-5, NN-6)', () => {
  it('reads decimal and hex values to unit statuses; the default is the simulator’s', () => {
    const plan = parseStatusPlan(' 0x8003=en-route , 32772=at-scene,');
    expect([...plan]).toEqual([
      [0x8003, 'en-route'],
      [0x8004, 'at-scene'],
    ]);
    expect(SIMULATED_STATUS_PLAN.get(0x8002)).toBe('dispatched');
    expect(SIMULATED_STATUS_PLAN.size).toBe(10);
  });

  it('a value may name a first-responder group’s answer to an alert', () => {
    const plan = parseStatusPlan('0x8003=en-route,0x8011=accepted,0x8012=declined,0x8013=arrived');
    expect([...plan.values()]).toEqual(['en-route', 'accepted', 'declined', 'arrived']);
    expect([...plan.values()].map(isAnswer)).toEqual([false, true, true, true]);
    expect(SIMULATED_STATUS_PLAN.get(0x8011)).toBe('accepted');
  });

  it('a bad plan is refused naming the part, and the configuration says why', () => {
    expect(() => parseStatusPlan('0x10000=available')).toThrow(
      '"0x10000=available": the value must be 0–65535',
    );
    expect(() => parseStatusPlan('1=parked')).toThrow('"1=parked": the status must be one of');
    expect(() => parseStatusPlan('1=available,0x1=out-of-service')).toThrow('the value 0x1 is given twice');
    expect(() => parseStatusPlan(' , ')).toThrow('status plan: empty');
    const bad = nodnettConfigSchema.safeParse({ NODMELD_NODNETT_STATUS_PLAN: 'x=available' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['NODMELD_NODNETT_STATUS_PLAN'],
      message: 'status plan: "x=available": the value must be 0–65535 (decimal or 0x hex)',
    });
  });
});
