/** Triple alerts as stored and read (AMK-3). */
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { selectDeliveries, type AlertDeliveryView } from '../alert-delivery/delivery-store.ts';
import { missingAcknowledgements, type TripleAlertAgency } from '../domain/triple-alert.ts';

export interface TripleAlertRecipient {
  recipient: string;
  kind: TripleAlertAgency | 'amk';
  amkId: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Delivery over Nødnett (police, fire, rescue coordination); null for an AMK (told on its console). */
  delivery: AlertDeliveryView | null;
}

export interface TripleAlert {
  id: string;
  missionId: string | null;
  /** The AMK that raised it. */
  amkId: string;
  location: { lat: number; lon: number; municipality: string };
  raisedAt: string;
  raisedBy: string;
  recipients: TripleAlertRecipient[];
  /** Recipients that have not acknowledged (what the console shows). */
  missing: string[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The AMKs a triple alert concerns: the raiser and every AMK recipient. */
export const amksOfAlert = (a: Pick<TripleAlert, 'amkId' | 'recipients'>): string[] => [
  a.amkId,
  ...a.recipients.flatMap((r) => (r.amkId ? [r.amkId] : [])),
];

export async function selectTripleAlerts(
  q: Queryable,
  where: string,
  params: readonly unknown[],
): Promise<TripleAlert[]> {
  const { rows } = await q.query<{
    id: string;
    mission_id: string | null;
    amk_id: string;
    lat: number;
    lon: number;
    municipality: string;
    raised_ms: number;
    raised_by: string;
  }>(
    `SELECT a.id::text AS id, a.mission_id::text AS mission_id, a.amk_id, a.lat, a.lon, a.municipality,
            (extract(epoch from a.raised_at) * 1000)::float8 AS raised_ms, a.raised_by
       FROM amk_triple_alerts a ${where} ORDER BY a.raised_at DESC LIMIT 500`,
    params,
  );
  if (rows.length === 0) return [];
  const rec = await q.query<{
    alert_id: string;
    recipient: string;
    amk_id: string | null;
    ack_ms: number | null;
    acknowledged_by: string | null;
  }>(
    `SELECT alert_id::text AS alert_id, recipient, amk_id, (extract(epoch from acknowledged_at) * 1000)::float8 AS ack_ms,
            acknowledged_by
       FROM amk_triple_alert_recipients WHERE alert_id = ANY($1::uuid[])
      ORDER BY CASE WHEN recipient = 'police' THEN 0 WHEN recipient = 'fire' THEN 1 WHEN recipient LIKE 'amk:%' THEN 2 ELSE 3 END, recipient`,
    [rows.map((r) => r.id)],
  );
  const deliveries = await selectDeliveries(
    q,
    'triple-alert',
    rows.map((r) => r.id),
  );
  const byAlert = new Map<string, TripleAlertRecipient[]>();
  for (const r of rec.rows) {
    const list = byAlert.get(r.alert_id) ?? [];
    list.push({
      recipient: r.recipient,
      kind: r.recipient.startsWith('amk:') ? 'amk' : (r.recipient as TripleAlertAgency),
      amkId: r.amk_id,
      acknowledgedAt: iso(r.ack_ms),
      acknowledgedBy: r.acknowledged_by,
      delivery: deliveries.get(r.alert_id)?.get(r.recipient) ?? null,
    });
    byAlert.set(r.alert_id, list);
  }
  return rows.map((r) => {
    const recipients = byAlert.get(r.id) ?? [];
    return {
      id: r.id,
      missionId: r.mission_id,
      amkId: r.amk_id,
      location: { lat: r.lat, lon: r.lon, municipality: r.municipality },
      raisedAt: iso(r.raised_ms)!,
      raisedBy: r.raised_by,
      recipients,
      missing: missingAcknowledgements(recipients),
    };
  });
}

export async function loadTripleAlert(q: Queryable, id: string): Promise<TripleAlert> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('The triple alert');
  const [a] = await selectTripleAlerts(q, 'WHERE a.id = $1', [id]);
  if (!a) throw notFound('The triple alert');
  return a;
}
