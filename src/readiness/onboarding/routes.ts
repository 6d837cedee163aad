/** HTTP routes of onboarding (ON-2, ON-3): /api/v1/readiness/onboarding. */
import type { Route } from '../../platform/http/route.ts';
import {
  offsetOf,
  offsetPage,
  pageOf,
  pageQuery,
  pageQueryShape,
  pageSchema,
} from '../../platform/http/paging.ts';
import { notFound } from '../../platform/errors.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, scopeOf, scopeFilter } from '../access.ts';
import { READ, WRITE } from '../policy.ts';
import { getUnit, ONBOARDING_KINDS, setMilestones, toUnit, UNIT_SELECT } from '../organisations/store.ts';
import {
  agreementSchema,
  createAgreementBody,
  dateQuery,
  milestonesSchema,
  onboardingOverview,
  onboardingStatusSchema,
  unitIdParam,
  unitSchema,
  updateAgreementBody,
  uuidParam,
} from '../schema.ts';
import { todayOslo } from '../today.ts';
import { createAgreement, getAgreement, listAgreements, onboardingStatus, updateAgreement } from './store.ts';

const P = '/api/v1/readiness/onboarding';
const tags = ['readiness-onboarding'];

export function registerOnboardingRoutes(route: Route, { db }: AppDeps): void {
  route({
    method: 'GET',
    url: `${P}/overview`,
    summary: 'Onboarding overview of every visible unit',
    tags,
    auth: READ,
    query: dateQuery.extend(pageQueryShape),
    response: onboardingOverview,
    handler: async ({ query, actor }) => {
      const date = query.date ?? todayOslo();
      const params: unknown[] = [ONBOARDING_KINDS];
      const filter = scopeFilter(await scopeOf(db, actor), 'u.id', params);
      const where = `WHERE u.kind = ANY($1::text[])${filter}`;
      const count = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM readiness_units u ${where}`,
        params,
      );
      // The status of each unit on the page only: it costs several queries per unit.
      const { rows } = await db.query(
        `${UNIT_SELECT} ${where} ORDER BY u.name, u.id LIMIT ${query.limit} OFFSET ${offsetOf(query)}`,
        params,
      );
      const items = [];
      for (const r of rows) {
        const st = await onboardingStatus(db, toUnit(r), date);
        items.push({
          unit: st.unit,
          ready: st.ready,
          blockers: st.blockers,
          warnings: st.timeline.warnings,
          paymentStart: st.paymentStart,
        });
      }
      return { date, ...offsetPage(items, Number(count.rows[0]?.n ?? 0), query) };
    },
  });
  route({
    method: 'GET',
    url: `${P}/units/:id`,
    summary: 'Onboarding status of a unit on a date',
    tags,
    auth: READ,
    params: unitIdParam,
    query: dateQuery,
    response: onboardingStatusSchema,
    errors: [404],
    handler: async ({ params, query, actor }) => {
      const unit = await getUnit(db, params.id);
      await assertUnitInScope(db, actor, unit.id);
      return onboardingStatus(db, unit, query.date ?? todayOslo());
    },
  });
  route({
    method: 'PUT',
    url: `${P}/units/:id/milestones`,
    summary: 'Set the project, installation, test and go-live dates of a unit',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: milestonesSchema,
    response: unitSchema,
    errors: [404, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await getUnit(tx, params.id);
        await assertUnitInScope(tx, actor, params.id);
        return setMilestones(tx, actor, params.id, body);
      }),
  });
  route({
    method: 'GET',
    url: `${P}/units/:id/agreements`,
    summary: 'List the agreements of a unit',
    tags,
    auth: READ,
    params: unitIdParam,
    query: pageQuery,
    response: pageSchema(agreementSchema),
    errors: [404],
    handler: async ({ params, query, actor }) => {
      await assertUnitInScope(db, actor, params.id);
      await getUnit(db, params.id);
      return pageOf(await listAgreements(db, params.id), query);
    },
  });
  route({
    method: 'POST',
    url: `${P}/units/:id/agreements`,
    summary: 'Register an agreement of a unit',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: createAgreementBody,
    response: agreementSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await getUnit(tx, params.id);
        await assertUnitInScope(tx, actor, params.id);
        return createAgreement(tx, actor, params.id, {
          ...body,
          draftedAt: body.draftedAt ?? null,
          sentAt: body.sentAt ?? null,
          signedAt: body.signedAt ?? null,
          terminatedAt: body.terminatedAt ?? null,
          reference: body.reference ?? null,
          notes: body.notes ?? null,
        });
      }),
  });
  route({
    method: 'PATCH',
    url: `${P}/agreements/:id`,
    summary: 'Change the status or dates of an agreement',
    tags,
    auth: WRITE,
    params: uuidParam,
    body: updateAgreementBody,
    response: agreementSchema,
    errors: [404, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        const a = await getAgreement(tx, params.id);
        await assertUnitInScope(tx, actor, a.unitId, () => notFound(`The agreement ${params.id}`));
        return updateAgreement(tx, actor, params.id, {
          ...body,
          counterparty: body.counterparty ?? undefined,
        });
      }),
  });
}
