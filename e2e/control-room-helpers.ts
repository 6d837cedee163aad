/**
 * What the control room's browser tests share (e2e/control-room*.spec.ts): an operator of chosen
 * centres, a waiting call at Bergen legevaktsentral, posting events, the page opened at Bergen,
 * and the axe check.
 */
import type { Page } from '@playwright/test';
import type { CallEvent, RoutingSnapshot } from '../src/calls/domain/call-event.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import { apiCall, expect } from './fixtures.ts';
export { noSeriousViolations } from './fixtures.ts';

export const PASSWORD = 'a-long-enough-password';
export const PATH = '/calls/control-room';

export const uid = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** An operator with the operator role at each of `centres`. */
export async function buildOperator(baseURL: string, token: string, centres: string[]): Promise<string> {
  const username = `op-${uid()}`;
  await apiCall(baseURL, token, 'POST', '/api/v1/users', {
    username,
    displayName: 'Ola Operatør',
    password: PASSWORD,
    role: 'operator',
    memberships: centres.map((id) => ({ role: 'operator', scope: { level: 'centre', id } })),
  });
  return username;
}

/**
 * A user with one role: a centre leader or an operator at Bergen legevaktsentral, or an AMK
 * operator of AMK Bergen's area (a membership at the area, as the demo's `amk.bergen`).
 */
export async function buildUser(
  baseURL: string,
  token: string,
  role: 'centre-leader' | 'operator' | 'amk-operator',
): Promise<string> {
  const prefix = { operator: 'op', 'centre-leader': 'leder', 'amk-operator': 'amk' }[role];
  const username = `${prefix}-${uid()}`;
  const scope =
    role === 'amk-operator' ? { level: 'area', id: 'amk-bergen' } : { level: 'centre', id: 'lv-bergen' };
  await apiCall(baseURL, token, 'POST', '/api/v1/users', {
    username,
    displayName: { operator: 'Ola Operatør', 'centre-leader': 'Lise Leder', 'amk-operator': 'Anne AMK' }[
      role
    ],
    password: PASSWORD,
    role,
    memberships: [{ role, scope }],
  });
  return username;
}

/**
 * A 116117 call at Bergen legevaktsentral that has been ringing for `ringingForMs` now (routed,
 * offered, 5 s in the voice menu, ringing), its routing decision adjusted by `routing`.
 */
export function waitingCall(
  callId: string,
  ringingForMs: number,
  routing: Partial<RoutingSnapshot> = {},
): CallEvent[] {
  const ringingAt = Date.now() - ringingForMs;
  return scriptCallEvents({
    callId,
    centreId: 'lv-bergen',
    municipality: '4601',
    offeredAt: ringingAt - 5_000,
    menuMs: 5_000,
  }).map((e) => (e.type === 'routed' ? { ...e, decision: { ...e.decision, ...routing } } : e));
}

export const at = () => new Date().toISOString();
export const ended = (callId: string): CallEvent => ({
  eventId: `${callId}:ended`,
  callId,
  occurredAt: at(),
  source: 'centre-telephony',
  type: 'ended',
  by: 'caller',
});
export const abandoned = (callId: string): CallEvent => ({
  eventId: `${callId}:abandoned`,
  callId,
  occurredAt: at(),
  source: 'centre-telephony',
  type: 'abandoned',
});

export async function postEvents(baseURL: string, token: string, events: CallEvent[]): Promise<void> {
  const r = await apiCall<{ refused: number }>(baseURL, token, 'POST', '/api/v1/calls/events', { events });
  expect(r.refused).toBe(0);
}

/** Opens the control room at Bergen with position "Posisjon 1", its push connected and its queue empty. */
export async function openBergen(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sentralbord');
  await page.getByLabel('Sentral', { exact: true }).selectOption({ label: 'Bergen legevaktsentral' });
  await page.getByRole('textbox', { name: 'Operatørplass' }).fill('Posisjon 1');
  await expect(page.getByTestId('live-status')).toHaveText('Oppdateres fortløpende');
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await page.locator('h1').click(); // focus out of the field: the keys are the queue's
}
