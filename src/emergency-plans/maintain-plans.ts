/**
 * Maintaining the register (LV-7): create a municipality's plan, change it (its fields and its
 * contacts, in alerting order, replaced as a whole), remove it. Each change is one transaction: the
 * plan locked, the revision it was made on checked (another leader's change in between is a 409
 * `plan.version-conflict`, never a lost update), the rows written, the audit row with the values
 * before and after, and the `emergency-plans.plan.changed` event — all or nothing.
 *
 * Removing a plan removes its documents' rows in the same transaction; their blobs are deleted
 * after the commit (a blob whose delete fails is an orphan no row points to: never served, swept
 * by the daily job, documents/sweep-orphan-documents.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../platform/auth/actor.ts';
import { changedFields } from '../platform/audit.ts';
import type { Db, Queryable } from '../platform/db/types.ts';
import { notFound, refusal } from '../platform/errors.ts';
import { recordChange } from '../platform/events/record-change.ts';
import type { BlobStore } from '../platform/storage/blob-store.ts';
import type { ContactAvailability, PlanKind } from './domain/plan-values.ts';
import { planChanged } from './events.ts';
import { loadPlan, writeContacts, type StoredPlan } from './plan-store.ts';
import { unknownMunicipality, viewOf, type Plan, type ReadDeps } from './read-plans.ts';

export interface ContactInput {
  name: string;
  role: string;
  phones: string[];
  availability: ContactAvailability;
  note?: string | null;
}

/** A plan as a leader writes it (the contacts in alerting order). */
export interface PlanInput {
  kind: PlanKind;
  title: string;
  version?: string | null;
  validFrom?: string | null;
  reviewBy: string;
  responsible?: string | null;
  notes?: string | null;
  contacts: ContactInput[];
}

export interface MaintainDeps extends ReadDeps {
  db: Db;
  blobs: BlobStore;
  logger: Logger;
}

/** The fields an audit row compares (the contacts as written). */
const audited = (
  p: Pick<
    StoredPlan,
    'kind' | 'title' | 'version' | 'validFrom' | 'reviewBy' | 'responsible' | 'notes' | 'contacts'
  >,
) => ({
  kind: p.kind,
  title: p.title,
  version: p.version,
  validFrom: p.validFrom,
  reviewBy: p.reviewBy,
  responsible: p.responsible,
  notes: p.notes,
  contacts: p.contacts.map((c) => ({
    name: c.name,
    role: c.role,
    phones: c.phones,
    availability: c.availability,
    note: c.note,
  })),
});

const normalised = (input: PlanInput) => ({
  kind: input.kind,
  title: input.title,
  version: input.version ?? null,
  validFrom: input.validFrom ?? null,
  reviewBy: input.reviewBy,
  responsible: input.responsible ?? null,
  notes: input.notes ?? null,
  contacts: input.contacts.map((c, i) => ({
    order: i + 1,
    name: c.name,
    role: c.role,
    phones: c.phones,
    availability: c.availability,
    note: c.note ?? null,
  })),
});

/** The plan locked for change; 404 when there is none. */
async function locked(tx: Queryable, id: string): Promise<StoredPlan> {
  const plan = await loadPlan(tx, id, true);
  if (!plan) throw notFound('The plan');
  return plan;
}

function checkRevision(plan: StoredPlan, revision: number): void {
  if (plan.revision !== revision) {
    throw refusal(
      'conflict',
      `The plan is at revision ${plan.revision}, not ${revision}`,
      { code: 'plan.version-conflict', params: { revision: plan.revision } },
      { revision: plan.revision },
    );
  }
}

/** Creates a plan for a municipality of the routing data in force. */
export async function createPlan(
  deps: MaintainDeps,
  actor: Actor,
  municipality: string,
  input: PlanInput,
): Promise<Plan> {
  const place = deps.directory.place(municipality);
  if (!place) throw unknownMunicipality(municipality);
  const id = randomUUID();
  const p = normalised(input);
  const plan = await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO emergency_plans (id, kommunenummer, kind, title, version, valid_from, review_by,
         responsible, notes, revision, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)`,
      [
        id,
        municipality,
        p.kind,
        p.title,
        p.version,
        p.validFrom,
        p.reviewBy,
        p.responsible,
        p.notes,
        actor.name,
      ],
    );
    await writeContacts(tx, id, p.contacts);
    await recordChange(tx, actor, {
      audit: {
        action: 'emergency-plan.created',
        entityType: 'emergency-plan',
        entityId: id,
        centreId: place.centreId,
        details: { municipality, ...audited(p) },
      },
      event: planChanged.of({
        planId: id,
        municipality,
        centreId: place.centreId,
        change: 'created',
        revision: 1,
      }),
    });
    return (await loadPlan(tx, id))!;
  });
  return viewOf(deps, actor, plan);
}

/** Replaces a plan's fields and contacts; `revision` is the one the change was made on. */
export async function updatePlan(
  deps: MaintainDeps,
  actor: Actor,
  id: string,
  input: PlanInput & { revision: number },
): Promise<Plan> {
  const p = normalised(input);
  const plan = await deps.db.transaction(async (tx) => {
    const before = await locked(tx, id);
    checkRevision(before, input.revision);
    const changes = changedFields(audited(before), audited(p));
    if (Object.keys(changes).length === 0) return before;
    const revision = before.revision + 1;
    await tx.query(
      `UPDATE emergency_plans SET kind = $2, title = $3, version = $4, valid_from = $5, review_by = $6,
         responsible = $7, notes = $8, revision = $9, updated_by = $10, updated_at = now()
       WHERE id = $1`,
      [id, p.kind, p.title, p.version, p.validFrom, p.reviewBy, p.responsible, p.notes, revision, actor.name],
    );
    if (changes.contacts) await writeContacts(tx, id, p.contacts);
    const centreId = deps.directory.place(before.municipality)?.centreId ?? null;
    await recordChange(tx, actor, {
      audit: {
        action: 'emergency-plan.updated',
        entityType: 'emergency-plan',
        entityId: id,
        centreId,
        details: { municipality: before.municipality, revision, changedFields: changes },
      },
      event: planChanged.of({
        planId: id,
        municipality: before.municipality,
        centreId,
        change: 'updated',
        revision,
      }),
    });
    return (await loadPlan(tx, id))!;
  });
  return viewOf(deps, actor, plan);
}

/** Removes a plan with its contacts and documents; `revision` is the one the caller saw. */
export async function removePlan(
  deps: MaintainDeps,
  actor: Actor,
  id: string,
  revision: number,
): Promise<void> {
  const keys = await deps.db.transaction(async (tx) => {
    const before = await locked(tx, id);
    checkRevision(before, revision);
    const blobs = await tx.query<{ blob_key: string }>(
      'SELECT blob_key FROM emergency_plan_documents WHERE plan_id = $1',
      [id],
    );
    await tx.query('DELETE FROM emergency_plans WHERE id = $1', [id]);
    const centreId = deps.directory.place(before.municipality)?.centreId ?? null;
    await recordChange(tx, actor, {
      audit: {
        action: 'emergency-plan.removed',
        entityType: 'emergency-plan',
        entityId: id,
        centreId,
        details: {
          municipality: before.municipality,
          revision: before.revision,
          before: audited(before),
          documents: before.documents.map((d) => ({ id: d.id, filename: d.filename, sha256: d.sha256 })),
        },
      },
      event: planChanged.of({
        planId: id,
        municipality: before.municipality,
        centreId,
        change: 'removed',
        revision: before.revision,
      }),
    });
    return blobs.rows.map((r) => r.blob_key);
  });
  await deleteBlobs(deps, keys);
}

/** Deletes blobs no row points to any more; a failure leaves an orphan for the sweep. */
export async function deleteBlobs(deps: Pick<MaintainDeps, 'blobs' | 'logger'>, keys: readonly string[]) {
  for (const key of keys) {
    await deps.blobs.delete(key).catch((err: unknown) => {
      deps.logger.warn({ err, key }, 'could not delete a removed document’s blob; the orphan sweep will');
    });
  }
}
