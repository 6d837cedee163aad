/**
 * Demo users for each role (issue 11), made on the first start of the embedded default so a new
 * user can sign in as an operator, a centre leader, an AMK operator and so on and see what each
 * may do. One password for all of them, made at random and printed once with the first
 * administrator's; they are ordinary users (the administrator disables or deletes them). Never on
 * PostgreSQL unless `NODMELD_DEMO_USERS=on`: a production installation starts with its administrator
 * only. The centres are those of the national data set (Bergen and its AMK). With them comes one
 * example emergency plan for Bergen (emergency-plans/example-plan.ts), marked as an example.
 */
import { randomBytes } from 'node:crypto';
import type { Membership } from '../platform/auth/actor.ts';

export interface DemoUser {
  username: string;
  displayName: string;
  memberships: Membership[];
}

const centre = (id: string) => ({ level: 'centre' as const, id });

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'operator.bergen',
    displayName: 'Demo: operatør, Bergen legevaktsentral',
    memberships: [{ role: 'operator', scope: centre('lv-bergen') }],
  },
  {
    username: 'leder.bergen',
    displayName: 'Demo: leder, Bergen legevaktsentral',
    memberships: [{ role: 'centre-leader', scope: centre('lv-bergen') }],
  },
  {
    username: 'amk.bergen',
    displayName: 'Demo: AMK-operatør, AMK Bergen (hele AMK-området)',
    memberships: [{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }],
  },
  {
    username: 'operasjon',
    displayName: 'Demo: operasjonssentralen (hele landet)',
    memberships: [{ role: 'operations', scope: { level: 'national' } }],
  },
  {
    username: 'revisor',
    displayName: 'Demo: revisor (lesetilgang, hele landet)',
    memberships: [{ role: 'auditor', scope: { level: 'national' } }],
  },
  {
    username: 'beredskap',
    displayName: 'Demo: beredskapsadministrator',
    memberships: [{ role: 'readiness-admin', scope: { level: 'national' } }],
  },
  {
    username: 'kommune.bergen',
    displayName: 'Demo: kommuneleser, Bergen kommune',
    memberships: [{ role: 'municipality-reader', scope: { level: 'unit', id: 'kommune-4601' } }],
  },
];

export interface UserMaker {
  createUser(
    actor: { type: 'system'; id: null; name: string; role: 'admin'; centreId: null },
    u: {
      username: string;
      displayName: string;
      password: string;
      role: Membership['role'];
      memberships: Membership[];
    },
  ): Promise<unknown>;
}

/** Should this start make the demo users? `auto`: the embedded database on disk only. */
export function wantsDemoUsers(setting: 'auto' | 'on' | 'off', embeddedOnDisk: boolean): boolean {
  return setting === 'on' || (setting === 'auto' && embeddedOnDisk);
}

/** Who makes the demo users and the example plan, in the audit trail. */
export const BOOTSTRAP_ACTOR = {
  type: 'system' as const,
  id: null,
  name: 'bootstrap',
  role: 'admin' as const,
  centreId: null,
};

/** Makes the demo users with one new random password; returns it. */
export async function createDemoUsers(auth: UserMaker): Promise<string> {
  const password = randomBytes(12).toString('base64url');
  for (const u of DEMO_USERS) {
    await auth.createUser(BOOTSTRAP_ACTOR, { ...u, password, role: u.memberships[0]!.role });
  }
  return password;
}
