/**
 * Reading the register (LV-7): the municipalities a caller's centre serves with their plans and
 * contacts, one municipality's plans, one plan — each plan with its review status on today's date
 * in Norway (the injected clock), each municipality with the worst of its plans' statuses, or
 * `missing` when the centre holds no plan for it. What a caller may see is decided per
 * municipality by the policy on the routing data in force.
 */
import type { Actor } from '../platform/auth/actor.ts';
import type { Queryable } from '../platform/db/types.ts';
import { notFound, refusal } from '../platform/errors.ts';
import type { PageQuery } from '../platform/http/paging.ts';
import { pageOf, type Page } from '../platform/http/paging.ts';
import type { MunicipalityDirectory, MunicipalityPlace } from './directory.ts';
import {
  municipalityStatus,
  reviewStatus,
  type MunicipalityStatus,
  type ReviewStatus,
} from './domain/review.ts';
import { loadPlan, plansOfMunicipalities, type PlanContact, type StoredPlan } from './plan-store.ts';
import { emergencyPlansPolicy } from './policy.ts';

export interface MunicipalityInfo {
  number: string;
  name: string;
  countyName: string | null;
  /** The legevaktsentral that serves it (routing data in force). */
  centreId: string | null;
  centreName: string | null;
}

export interface Plan extends Omit<StoredPlan, 'municipality'> {
  municipality: MunicipalityInfo;
  reviewStatus: ReviewStatus;
  /** Whether the caller may change the plan (the web shows its forms by it). */
  mayMaintain: boolean;
}

export interface PlanSummary {
  id: string;
  kind: StoredPlan['kind'];
  title: string;
  version: string | null;
  reviewBy: string;
  reviewStatus: ReviewStatus;
  contacts: PlanContact[];
  documents: number;
}

export interface MunicipalitySummary extends MunicipalityInfo {
  status: MunicipalityStatus;
  plans: PlanSummary[];
}

export interface MunicipalityPlans {
  municipality: MunicipalityInfo;
  status: MunicipalityStatus;
  plans: Plan[];
  mayMaintain: boolean;
}

export interface ListQuery extends PageQuery {
  /** Part of the name, or the start of the number. */
  q?: string;
  /** Only municipalities served by this centre (or, for an AMK centre, its area). */
  centre?: string;
  status?: MunicipalityStatus;
}

export interface ReadDeps {
  db: Queryable;
  directory: MunicipalityDirectory;
  /** Today in Europe/Oslo, `YYYY-MM-DD`. */
  today: () => string;
}

const info = (p: MunicipalityPlace): MunicipalityInfo => ({
  number: p.municipality,
  name: p.name,
  countyName: p.countyName,
  centreId: p.centreId,
  centreName: p.centreName,
});

const unknownPlace = (number: string): MunicipalityPlace => ({
  municipality: number,
  name: number,
  countyName: null,
  centreId: null,
  centreName: null,
  partnerCentreId: null,
  amkId: null,
});

function planView(deps: ReadDeps, actor: Actor, plan: StoredPlan, today: string): Plan {
  const place = deps.directory.place(plan.municipality) ?? unknownPlace(plan.municipality);
  const { municipality: _number, ...rest } = plan;
  return {
    ...rest,
    municipality: info(place),
    reviewStatus: reviewStatus(plan.reviewBy, today),
    mayMaintain: emergencyPlansPolicy.can(actor, 'emergency-plans.maintain', place),
  };
}

const summary = (plan: StoredPlan, today: string): PlanSummary => ({
  id: plan.id,
  kind: plan.kind,
  title: plan.title,
  version: plan.version,
  reviewBy: plan.reviewBy,
  reviewStatus: reviewStatus(plan.reviewBy, today),
  contacts: plan.contacts,
  documents: plan.documents.length,
});

const matches = (p: MunicipalityPlace, q: string | undefined): boolean => {
  const s = q?.trim().toLowerCase();
  return !s || p.municipality.startsWith(s) || p.name.toLowerCase().includes(s);
};

/** Whether `p` is served by `centre`: its legevaktsentral, that centre's partner, or its AMK centre. */
const servedBy = (p: MunicipalityPlace, centre: string | undefined): boolean =>
  !centre || p.centreId === centre || p.partnerCentreId === centre || p.amkId === centre;

/** The municipalities the caller may read, filtered, each with its plans and their contacts. */
export async function listMunicipalities(
  deps: ReadDeps,
  actor: Actor,
  query: ListQuery,
): Promise<Page<MunicipalitySummary>> {
  const today = deps.today();
  const visible = deps.directory
    .all()
    .filter(
      (p) =>
        emergencyPlansPolicy.can(actor, 'emergency-plans.read', p) &&
        matches(p, query.q) &&
        servedBy(p, query.centre),
    );
  const plans = await plansOfMunicipalities(
    deps.db,
    visible.map((p) => p.municipality),
  );
  const byMunicipality = new Map<string, StoredPlan[]>();
  for (const plan of plans)
    byMunicipality.set(plan.municipality, [...(byMunicipality.get(plan.municipality) ?? []), plan]);
  const all = visible
    .map((p): MunicipalitySummary => {
      const own = (byMunicipality.get(p.municipality) ?? []).map((plan) => summary(plan, today));
      return { ...info(p), status: municipalityStatus(own.map((s) => s.reviewStatus)), plans: own };
    })
    .filter((m) => !query.status || m.status === query.status);
  return pageOf(all, query);
}

/** A municipality's plans, whole. An unknown municipality is a 404. */
export async function readMunicipality(
  deps: ReadDeps,
  actor: Actor,
  number: string,
): Promise<MunicipalityPlans> {
  const place = deps.directory.place(number);
  if (!place) throw unknownMunicipality(number);
  const today = deps.today();
  const plans = (await plansOfMunicipalities(deps.db, [number])).map((p) => planView(deps, actor, p, today));
  return {
    municipality: info(place),
    status: municipalityStatus(plans.map((p) => p.reviewStatus)),
    plans,
    mayMaintain: emergencyPlansPolicy.can(actor, 'emergency-plans.maintain', place),
  };
}

/** One plan, whole (the route has checked the caller's access to its municipality). */
export async function readPlan(deps: ReadDeps, actor: Actor, id: string): Promise<Plan> {
  const plan = await loadPlan(deps.db, id);
  if (!plan) throw notFound('The plan');
  return planView(deps, actor, plan, deps.today());
}

/** The plan as the caller sees it, from a plan just written. */
export function viewOf(deps: ReadDeps, actor: Actor, plan: StoredPlan): Plan {
  return planView(deps, actor, plan, deps.today());
}

export function unknownMunicipality(number: string) {
  return refusal('not-found', `The routing data in force has no municipality ${number}`, {
    code: 'plan.municipality-unknown',
    params: { municipality: number },
  });
}
