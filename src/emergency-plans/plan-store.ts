/**
 * The register's rows (migration 0029) and their reading: a plan with its contacts in alerting
 * order and its documents, newest first. Parameterised SQL that runs the same on PGlite and
 * PostgreSQL; timestamps become ISO text, counts are cast in SQL.
 */
import type { Queryable } from '../platform/db/types.ts';
import type { ContactAvailability, DocumentMediaType, PlanKind } from './domain/plan-values.ts';

/** Whom a plan says to alert, `order` 1 first. */
export interface PlanContact {
  order: number;
  name: string;
  /** The person's role or function ("kommuneoverlege", "beredskapsleder"). */
  role: string;
  /** Phone numbers as written, the first the one to try first. */
  phones: string[];
  availability: ContactAvailability;
  note: string | null;
}

/** A document attached to a plan (its bytes are in the blob store). */
export interface PlanDocument {
  id: string;
  filename: string;
  title: string | null;
  mediaType: DocumentMediaType;
  size: number;
  /** SHA-256 of the bytes, lower-case hex: also the download's ETag. */
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** A plan as stored. */
export interface StoredPlan {
  id: string;
  municipality: string;
  kind: PlanKind;
  title: string;
  version: string | null;
  validFrom: string | null;
  reviewBy: string;
  responsible: string | null;
  notes: string | null;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  contacts: PlanContact[];
  documents: PlanDocument[];
}

interface PlanRow {
  id: string;
  kommunenummer: string;
  kind: PlanKind;
  title: string;
  version: string | null;
  valid_from: string | null;
  review_by: string;
  responsible: string | null;
  notes: string | null;
  revision: number;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

interface ContactRow {
  plan_id: string;
  alert_order: number;
  name: string;
  role: string;
  phones: string[] | string;
  availability: ContactAvailability;
  note: string | null;
}

interface DocumentRow {
  id: string;
  plan_id: string;
  blob_key: string;
  filename: string;
  title: string | null;
  media_type: DocumentMediaType;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export const toDocument = (d: DocumentRow): PlanDocument => ({
  id: d.id,
  filename: d.filename,
  title: d.title,
  mediaType: d.media_type,
  size: Number(d.size_bytes),
  sha256: d.sha256,
  uploadedBy: d.uploaded_by,
  uploadedAt: iso(d.uploaded_at),
});

/** The plans whose municipality is one of `municipalities`, or the plan `ids`, whole. */
async function readPlans(
  q: Queryable,
  where: { municipalities: readonly string[] } | { ids: readonly string[] },
  lock = false,
): Promise<StoredPlan[]> {
  const list = JSON.stringify('ids' in where ? where.ids : where.municipalities);
  const column = 'ids' in where ? 'id::text' : 'kommunenummer';
  const plans = await q.query<PlanRow>(
    `SELECT * FROM emergency_plans
      WHERE ${column} IN (SELECT jsonb_array_elements_text($1::jsonb))
      ORDER BY kommunenummer, title, id${lock ? ' FOR UPDATE' : ''}`,
    [list],
  );
  if (plans.rows.length === 0) return [];
  const ids = JSON.stringify(plans.rows.map((p) => p.id));
  const [contacts, documents] = await Promise.all([
    q.query<ContactRow>(
      `SELECT * FROM emergency_plan_contacts
        WHERE plan_id::text IN (SELECT jsonb_array_elements_text($1::jsonb))
        ORDER BY plan_id, alert_order`,
      [ids],
    ),
    q.query<DocumentRow>(
      `SELECT * FROM emergency_plan_documents
        WHERE plan_id::text IN (SELECT jsonb_array_elements_text($1::jsonb))
        ORDER BY plan_id, uploaded_at DESC, id`,
      [ids],
    ),
  ]);
  const byPlan = <R extends { plan_id: string }>(rows: R[]) => {
    const m = new Map<string, R[]>();
    for (const r of rows) m.set(r.plan_id, [...(m.get(r.plan_id) ?? []), r]);
    return m;
  };
  const contactsOf = byPlan(contacts.rows);
  const documentsOf = byPlan(documents.rows);
  return plans.rows.map((p) => ({
    id: p.id,
    municipality: p.kommunenummer,
    kind: p.kind,
    title: p.title,
    version: p.version,
    validFrom: p.valid_from,
    reviewBy: p.review_by,
    responsible: p.responsible,
    notes: p.notes,
    revision: p.revision,
    createdBy: p.created_by,
    createdAt: iso(p.created_at),
    updatedBy: p.updated_by,
    updatedAt: iso(p.updated_at),
    contacts: (contactsOf.get(p.id) ?? []).map((c) => ({
      order: c.alert_order,
      name: c.name,
      role: c.role,
      phones: json(c.phones),
      availability: c.availability,
      note: c.note,
    })),
    documents: (documentsOf.get(p.id) ?? []).map(toDocument),
  }));
}

/** The plans of these municipalities, whole, by municipality and title. */
export const plansOfMunicipalities = (q: Queryable, municipalities: readonly string[]) =>
  municipalities.length === 0 ? Promise.resolve([]) : readPlans(q, { municipalities });

/** One plan, whole (locked for the transaction with `lock`), or null. */
export async function loadPlan(q: Queryable, id: string, lock = false): Promise<StoredPlan | null> {
  if (!isUuid(id)) return null;
  return (await readPlans(q, { ids: [id] }, lock))[0] ?? null;
}

/** The municipality of a plan (the policy's question before the handler), or null. */
export async function municipalityOfPlan(q: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const r = await q.query<{ kommunenummer: string }>(
    'SELECT kommunenummer FROM emergency_plans WHERE id = $1',
    [id],
  );
  return r.rows[0]?.kommunenummer ?? null;
}

/** A document's row with its plan's municipality, or null. */
export async function loadDocument(
  q: Queryable,
  id: string,
): Promise<(PlanDocument & { planId: string; blobKey: string; municipality: string }) | null> {
  if (!isUuid(id)) return null;
  const r = await q.query<DocumentRow & { kommunenummer: string }>(
    `SELECT d.*, p.kommunenummer FROM emergency_plan_documents d
       JOIN emergency_plans p ON p.id = d.plan_id WHERE d.id = $1`,
    [id],
  );
  const d = r.rows[0];
  return d
    ? { ...toDocument(d), planId: d.plan_id, blobKey: d.blob_key, municipality: d.kommunenummer }
    : null;
}

/** Replaces a plan's contacts with `contacts` in this order (alert_order 1, 2, …). */
export async function writeContacts(
  tx: Queryable,
  planId: string,
  contacts: readonly Omit<PlanContact, 'order'>[],
): Promise<void> {
  await tx.query('DELETE FROM emergency_plan_contacts WHERE plan_id = $1', [planId]);
  if (contacts.length === 0) return;
  await tx.query(
    `INSERT INTO emergency_plan_contacts (plan_id, alert_order, name, role, phones, availability, note)
     SELECT $1, c.ord::int, c.v->>'name', c.v->>'role', c.v->'phones', c.v->>'availability', c.v->>'note'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS c(v, ord)`,
    [
      planId,
      JSON.stringify(
        contacts.map((c) => ({
          name: c.name,
          role: c.role,
          phones: c.phones,
          availability: c.availability,
          note: c.note,
        })),
      ),
    ],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);
