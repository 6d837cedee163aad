/**
 * Keeping a call's contact record (issue 11; LV-3, LV-6): read it, save a draft, sign it, amend a
 * signed one. Each change is one transaction: the record row locked, the rules checked, the new
 * version written beside the earlier ones, the audit row and the `calls.contact-record.changed`
 * event — all or nothing. Every read is audited.
 *
 * Who: `calls.contact-record.write` / `.read` at the call's centre or its AMK area (policy.ts);
 * a call outside them is answered like one that does not exist (404).
 *
 * Concurrency: every change names the version it was made on; another operator's change in
 * between is a 409 `contact.version-conflict` with the version now stored, never a lost update.
 * A draft survives a reload (it is stored); a signed record is never changed in place — an
 * amendment is a new version with its reason.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { contactRecordChanged } from '../events.ts';
import { callsPolicy } from '../policy.ts';
import { callOwner } from '../read-calls.ts';
import { draftProblems, signingProblems, type ContactRecordContent } from './contact-record.ts';

export interface ContactRecordVersion {
  version: number;
  status: 'draft' | 'signed';
  change: 'saved' | 'signed' | 'amended';
  reason: string | null;
  changedBy: string;
  changedAt: string;
  content: ContactRecordContent;
}

export interface ContactRecord {
  callId: string;
  centreId: string;
  status: 'draft' | 'signed';
  version: number;
  content: ContactRecordContent;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  signedBy: string | null;
  signedAt: string | null;
  /** Every version, newest first (the amendments' history). */
  versions: ContactRecordVersion[];
}

interface RecordRow {
  call_id: string;
  centre_id: string;
  amk_area: string | null;
  status: 'draft' | 'signed';
  version: number;
  content: ContactRecordContent | string;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
  signed_by: string | null;
  signed_at: Date | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

type Owner = { centreId: string; amkArea: string | null };

/** The call's centre, if the actor may do `action` there (else 404, whether or not it exists). */
async function ownerFor(
  db: Queryable,
  actor: Actor,
  callId: string,
  action: 'calls.contact-record.read' | 'calls.contact-record.write',
): Promise<Owner> {
  const owner = await callOwner(db, callId);
  if (
    !owner?.centreId ||
    !callsPolicy.can(actor, action, { centreId: owner.centreId, amkId: owner.amkArea })
  ) {
    throw notFound('The call');
  }
  return { centreId: owner.centreId, amkArea: owner.amkArea };
}

async function load(q: Queryable, callId: string, lock = false): Promise<RecordRow | undefined> {
  const r = await q.query<RecordRow>(
    `SELECT * FROM contact_records WHERE call_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [callId],
  );
  return r.rows[0];
}

async function assemble(q: Queryable, row: RecordRow): Promise<ContactRecord> {
  const versions = await q.query<{
    version: number;
    status: 'draft' | 'signed';
    change: ContactRecordVersion['change'];
    reason: string | null;
    changed_by: string;
    changed_at: Date | string;
    content: ContactRecordContent | string;
  }>(`SELECT * FROM contact_record_versions WHERE call_id = $1 ORDER BY version DESC`, [row.call_id]);
  return {
    callId: row.call_id,
    centreId: row.centre_id,
    status: row.status,
    version: row.version,
    content: json(row.content),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
    signedBy: row.signed_by,
    signedAt: row.signed_at === null ? null : iso(row.signed_at),
    versions: versions.rows.map((v) => ({
      version: v.version,
      status: v.status,
      change: v.change,
      reason: v.reason,
      changedBy: v.changed_by,
      changedAt: iso(v.changed_at),
      content: json(v.content),
    })),
  };
}

/**
 * The calls whose contact record names the patient by identity number (the record as it stands:
 * an identity corrected by an amendment counts as corrected). Not audited here: the caller audits
 * the search as part of what it does with it (lydlogg's holds for a patient).
 */
export async function callsOfPatient(q: Queryable, nationalId: string): Promise<string[]> {
  const r = await q.query<{ call_id: string }>(
    `SELECT call_id FROM contact_records
      WHERE content->'patient'->>'kind' = 'identified' AND content->'patient'->>'nationalId' = $1
      ORDER BY call_id`,
    [nationalId],
  );
  return r.rows.map((row) => row.call_id);
}

/** The call's contact record (null when none is started); the read is audited. */
export async function readContactRecord(db: Db, actor: Actor, callId: string): Promise<ContactRecord | null> {
  const owner = await ownerFor(db, actor, callId, 'calls.contact-record.read');
  const row = await load(db, callId);
  const record = row ? await assemble(db, row) : null;
  await recordAudit(db, actor, {
    action: 'contact-record.read',
    entityType: 'contact-record',
    entityId: callId,
    centreId: owner.centreId,
    details: { version: record?.version ?? null },
  });
  return record;
}

function conflict(code: string, message: string, params: Record<string, string | number>): AppError {
  return new AppError('conflict', message, { detailCode: code, detailParams: params });
}

function invalid(errors: ReturnType<typeof draftProblems>, message: string): AppError {
  return new AppError('validation', message, { errors });
}

/** The version the change was made on must be the stored one (0: no record yet). */
function checkVersion(row: RecordRow | undefined, expected: number): void {
  const stored = row?.version ?? 0;
  if (stored !== expected) {
    throw conflict(
      'contact.version-conflict',
      `The contact record is at version ${stored}, not ${expected}`,
      {
        version: stored,
      },
    );
  }
}

async function write(
  tx: Queryable,
  actor: Actor,
  owner: Owner,
  callId: string,
  next: { status: 'draft' | 'signed'; version: number; content: ContactRecordContent },
  change: ContactRecordVersion['change'],
  reason: string | null,
  existed: boolean,
): Promise<void> {
  const content = JSON.stringify(next.content);
  if (!existed) {
    await tx.query(
      `INSERT INTO contact_records (call_id, centre_id, amk_area, status, version, content, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)`,
      [callId, owner.centreId, owner.amkArea, next.status, next.version, content, actor.name],
    );
  } else {
    await tx.query(
      `UPDATE contact_records SET status = $2, version = $3, content = $4::jsonb, updated_by = $5, updated_at = now(),
         signed_by = CASE WHEN $6 THEN $5 ELSE signed_by END,
         signed_at = CASE WHEN $6 THEN now() ELSE signed_at END
       WHERE call_id = $1`,
      [callId, next.status, next.version, content, actor.name, change === 'signed'],
    );
  }
  await tx.query(
    `INSERT INTO contact_record_versions (call_id, version, status, content, changed_by, changed_at, change, reason)
     VALUES ($1, $2, $3, $4::jsonb, $5, now(), $6, $7)`,
    [callId, next.version, next.status, content, actor.name, change, reason],
  );
  await recordChange(tx, actor, {
    audit: {
      action: `contact-record.${change}`,
      entityType: 'contact-record',
      entityId: callId,
      centreId: owner.centreId,
      details: { version: next.version, ...(reason !== null && { reason }) },
    },
    event: contactRecordChanged.of({
      callId,
      centreId: owner.centreId,
      version: next.version,
      status: next.status,
      change,
    }),
  });
}

/** Saves the draft (starts the record when there is none); `version` is the one it was edited on. */
export async function saveDraft(
  db: Db,
  actor: Actor,
  callId: string,
  cmd: { content: ContactRecordContent; version: number },
): Promise<ContactRecord> {
  const owner = await ownerFor(db, actor, callId, 'calls.contact-record.write');
  const problems = draftProblems(cmd.content);
  if (problems.length > 0) throw invalid(problems, 'The contact record has invalid fields');
  return db.transaction(async (tx) => {
    const row = await load(tx, callId, true);
    checkVersion(row, cmd.version);
    if (row?.status === 'signed') {
      throw conflict('contact.signed', 'The contact record is signed: amend it, with a reason', {
        version: row.version,
      });
    }
    await write(
      tx,
      actor,
      owner,
      callId,
      { status: 'draft', version: cmd.version + 1, content: cmd.content },
      'saved',
      null,
      !!row,
    );
    return assemble(tx, (await load(tx, callId))!);
  });
}

/** Signs the draft as it is stored at `version`: it must then be complete (signingProblems). */
export async function signContactRecord(
  db: Db,
  actor: Actor,
  callId: string,
  cmd: { version: number },
): Promise<ContactRecord> {
  const owner = await ownerFor(db, actor, callId, 'calls.contact-record.write');
  return db.transaction(async (tx) => {
    const row = await load(tx, callId, true);
    if (!row) throw conflict('contact.no-draft', 'There is no contact record to sign yet', { version: 0 });
    checkVersion(row, cmd.version);
    if (row.status === 'signed') {
      throw conflict('contact.signed', 'The contact record is already signed', { version: row.version });
    }
    const content = json(row.content);
    const problems = signingProblems(content);
    if (problems.length > 0) throw invalid(problems, 'The contact record is not complete enough to sign');
    await write(
      tx,
      actor,
      owner,
      callId,
      { status: 'signed', version: row.version + 1, content },
      'signed',
      null,
      true,
    );
    return assemble(tx, (await load(tx, callId))!);
  });
}

/** Amends a signed record: a new version with its reason; the earlier ones stay as they were. */
export async function amendContactRecord(
  db: Db,
  actor: Actor,
  callId: string,
  cmd: { content: ContactRecordContent; reason: string; version: number },
): Promise<ContactRecord> {
  const owner = await ownerFor(db, actor, callId, 'calls.contact-record.write');
  const problems = signingProblems(cmd.content);
  if (problems.length > 0) throw invalid(problems, 'An amended contact record must stay complete');
  return db.transaction(async (tx) => {
    const row = await load(tx, callId, true);
    if (!row || row.status !== 'signed') {
      throw conflict(
        'contact.not-signed',
        'Only a signed contact record is amended; save the draft instead',
        {
          version: row?.version ?? 0,
        },
      );
    }
    checkVersion(row, cmd.version);
    await write(
      tx,
      actor,
      owner,
      callId,
      { status: 'signed', version: row.version + 1, content: cmd.content },
      'amended',
      cmd.reason,
      true,
    );
    return assemble(tx, (await load(tx, callId))!);
  });
}
