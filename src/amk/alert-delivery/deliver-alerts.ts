/**
 * The alert delivery worker (AMK-3, NN-6): sends the queued deliveries of triple alerts and
 * first-responder alerts through the alert channel (Nødnett), writes each attempt's outcome with
 * its audit row and an event for every AMK concerned, retries what a later attempt may change
 * (domain/alert-delivery.ts), and turns a recipient's "consumed" report into the triple alert's
 * acknowledgement with its time.
 *
 * Runs when an alert is raised (`kick`, after its commit) and from the job `amk.deliver-alerts`
 * (retries, and what was queued before a restart). A delivery is claimed by moving its due time a
 * lease ahead in one statement (`FOR UPDATE SKIP LOCKED`), so two instances never send the same
 * one at once.
 *
 * Faults: the channel unreachable — the outcome is `network-unavailable` and the delivery is tried
 * again; the database down — nothing is claimed, the queued rows wait (they were written with the
 * alert); the process dies between sending and writing the outcome — the lease runs out and the
 * delivery is sent again: at least once, never lost (a duplicate message carries the same
 * reference); no channel attached (Nødnett off) — `no-channel`, retried until given up, shown.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import type { Timer } from '../../platform/time/clock.ts';
import {
  afterAttempt,
  DEFAULT_RETRY,
  type DeliveryOutcome,
  type RetryPolicy,
} from '../domain/alert-delivery.ts';
import type { TripleAlertAgency } from '../domain/triple-alert.ts';
import type { Urgency } from '../domain/mission.ts';
import type { AmkDeps } from '../deps.ts';
import { missionChanged, tripleAlertChanged } from '../events.ts';
import { recordFirstResponderChange } from '../first-responders/first-responder-alerts.ts';
import { amksOfMission } from '../missions/mission-store.ts';
import { recordTripleAlertAcknowledgement } from '../triple-alerts/acknowledge-triple-alert.ts';
import { amksOfAlert, loadTripleAlert } from '../triple-alerts/triple-alert-store.ts';
import type { AlertChannel, ChannelResult, OutboundAlert } from './alert-channel.ts';
import type { AlertKind } from './delivery-store.ts';

const ACTOR: Actor = { ...SYSTEM_ACTOR, name: 'alert-delivery' };

interface Claimed {
  id: string;
  alert_kind: AlertKind;
  alert_id: string;
  recipient: string;
  amk_id: string;
  target_issi: string | null;
  attempts: number;
  created_ms: number;
}

export interface AlertDeliveryOptions {
  retry?: RetryPolicy;
  /** How long a claimed delivery is someone's before another instance may take it (ms). */
  leaseMs?: number;
  /** Longest wait for the channel's answer before the attempt counts as `network-unavailable` (ms). */
  channelTimeoutMs?: number;
  /** Most deliveries claimed at a time. */
  batch?: number;
}

export class AlertDelivery {
  private channel: AlertChannel | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: Pick<AmkDeps, 'db' | 'clock' | 'logger'>,
    private readonly options: AlertDeliveryOptions = {},
  ) {}

  /** The channel alerts go out through (the Nødnett module attaches it at start). */
  attach(channel: AlertChannel | null): void {
    this.channel = channel;
    if (channel) this.kick();
  }

  /** Sends what is due soon, without waiting (after an alert's commit). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runDue().catch((err: unknown) =>
      this.deps.logger.warn({ err }, 'alert deliveries not sent now; the job tries again'),
    );
  }

  /** Sends every delivery due now (the job's work; tests call it). Resolves with how many were tried. */
  runDue(): Promise<number> {
    this.running ??= (async () => {
      let tried = 0;
      do {
        this.again = false;
        for (;;) {
          const claimed = await this.claim();
          if (claimed.length === 0) break;
          for (const row of claimed) await this.attempt(row);
          tried += claimed.length;
        }
      } while (this.again && !this.stopped);
      return tried;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * A recipient's "consumed" report for the message `messageRef` sent to `addressIssi`: the
   * delivery records when it was read, and a triple alert's recipient is acknowledged with that
   * time, by the recipient's name in the directory. False when no delivery matches (a late or
   * foreign report).
   */
  async consumed(input: { addressIssi: string; messageRef: number; at: string }): Promise<boolean> {
    // A terminal may report "read" before the attempt that sent the text has written its message
    // reference: the sends in flight finish first, so the report finds its own delivery — never an
    // older unread one with the same (wrapping) reference.
    if (this.running) await this.running.catch(() => undefined);
    const at = new Date(input.at);
    return this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        alert_kind: AlertKind;
        alert_id: string;
        recipient: string;
        address_name: string | null;
      }>(
        // The reference is the network's (8 bits: it wraps), so the newest unread message wins.
        `UPDATE amk_alert_deliveries SET consumed_at = $3
          WHERE id = (SELECT id FROM amk_alert_deliveries
                       WHERE address_issi = $1 AND message_ref = $2 AND consumed_at IS NULL
                         AND last_attempt_at > $4
                       ORDER BY last_attempt_at DESC LIMIT 1)
          RETURNING id::text AS id, alert_kind, alert_id::text AS alert_id, recipient, address_name`,
        // Only a message sent in the last day: an older unread one with the same reference is not it.
        [input.addressIssi, input.messageRef, at, new Date(this.deps.clock.nowMs() - 86_400_000)],
      );
      const row = rows[0];
      if (!row) return false;
      if (row.alert_kind === 'triple-alert') {
        const alert = await loadTripleAlert(tx, row.alert_id);
        const by = row.address_name ?? `ISSI ${input.addressIssi}`;
        const acknowledged = await recordTripleAlertAcknowledgement(tx, ACTOR, alert, row.recipient, at, by);
        if (!acknowledged) await this.emit(tx, row.alert_kind, row.alert_id, row.recipient, 'consumed', {});
      } else await this.emit(tx, row.alert_kind, row.alert_id, row.recipient, 'consumed', {});
      return true;
    });
  }

  stop(): void {
    this.stopped = true;
  }

  private async claim(): Promise<Claimed[]> {
    if (this.stopped) return [];
    const now = this.deps.clock.nowMs();
    const { rows } = await this.deps.db.query<Claimed>(
      `UPDATE amk_alert_deliveries SET next_attempt_at = $2
        WHERE id IN (SELECT id FROM amk_alert_deliveries
                      WHERE state = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, alert_kind, alert_id::text AS alert_id, recipient, amk_id, target_issi, attempts,
                  (extract(epoch from created_at) * 1000)::float8 AS created_ms`,
      [new Date(now), new Date(now + (this.options.leaseMs ?? 60_000)), this.options.batch ?? 50],
    );
    return rows;
  }

  private async attempt(row: Claimed): Promise<void> {
    const alert = await this.outbound(row);
    const result: ChannelResult | { outcome: DeliveryOutcome } =
      typeof alert === 'string'
        ? { outcome: alert }
        : this.channel
          ? await this.send(alert)
          : { outcome: 'no-channel' };
    const attempts = row.attempts + 1;
    const nowMs = this.deps.clock.nowMs();
    const next = afterAttempt(
      { outcome: result.outcome, attempts, nowMs, createdMs: row.created_ms },
      this.options.retry ?? DEFAULT_RETRY,
    );
    const sent: ChannelResult | null = 'addressIssi' in result ? (result as ChannelResult) : null;
    await this.deps.db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE amk_alert_deliveries
            SET attempts = $2, outcome = $3, state = $4, next_attempt_at = COALESCE($5, next_attempt_at),
                last_attempt_at = $6, delivered_at = CASE WHEN $4 = 'delivered' THEN $6 ELSE delivered_at END,
                address_issi = COALESCE($7, address_issi), address_name = COALESCE($8, address_name),
                message_ref = COALESCE($9, message_ref)
          WHERE id = $1 AND state = 'pending' RETURNING id`,
        [
          row.id,
          attempts,
          result.outcome,
          next.state,
          next.nextAttemptMs === null ? null : new Date(next.nextAttemptMs),
          new Date(nowMs),
          sent?.addressIssi ?? null,
          sent?.addressName ?? null,
          sent?.messageRef ?? null,
        ],
      );
      if (updated.rows.length === 0) return;
      await this.emit(tx, row.alert_kind, row.alert_id, row.recipient, 'delivery', {
        outcome: result.outcome,
        state: next.state,
        attempts,
        address: sent?.addressName ?? null,
      });
    });
    if (next.state === 'failed')
      this.deps.logger.warn(
        { alertId: row.alert_id, recipient: row.recipient, outcome: result.outcome, attempts },
        'an alert could not be delivered: the operator must alert the recipient another way',
      );
  }

  private async send(alert: OutboundAlert): Promise<ChannelResult | { outcome: DeliveryOutcome }> {
    const ms = this.options.channelTimeoutMs ?? 10_000;
    let timer: Timer | undefined;
    try {
      return await Promise.race([
        this.channel!.deliver(alert),
        new Promise<{ outcome: DeliveryOutcome }>((resolve) => {
          timer = this.deps.clock.setTimeout(() => resolve({ outcome: 'network-unavailable' }), ms);
        }),
      ]);
    } catch (err) {
      this.deps.logger.error({ err }, 'the alert channel threw (it must not): counted as unavailable');
      return { outcome: 'network-unavailable' };
    } finally {
      timer?.cancel();
    }
  }

  /**
   * What the channel needs to compose the message; `no-terminal` for a group without one,
   * `no-address` when the alert is gone.
   */
  private async outbound(row: Claimed): Promise<OutboundAlert | 'no-address' | 'no-terminal'> {
    if (row.alert_kind === 'triple-alert') {
      const { rows } = await this.deps.db.query<{
        amk_id: string;
        lat: number;
        lon: number;
        municipality: string;
        urgency: Urgency | null;
      }>(
        `SELECT a.amk_id, a.lat, a.lon, a.municipality, m.urgency
           FROM amk_triple_alerts a LEFT JOIN amk_missions m ON m.id = a.mission_id WHERE a.id = $1`,
        [row.alert_id],
      );
      const a = rows[0];
      if (!a) return 'no-address';
      return {
        deliveryId: row.id,
        kind: 'triple-alert',
        to: { kind: 'agency', agency: row.recipient as TripleAlertAgency },
        amkId: a.amk_id,
        location: { lat: a.lat, lon: a.lon, municipality: a.municipality },
        urgency: a.urgency,
        alertId: row.alert_id,
      };
    }
    const { rows } = await this.deps.db.query<{
      amk_id: string;
      lat: number;
      lon: number;
      municipality: string;
      urgency: Urgency;
      call_sign: string;
    }>(
      row.alert_kind === 'dispatch'
        ? `SELECT m.amk_id, m.lat, m.lon, m.municipality, m.urgency, r.call_sign
             FROM amk_missions m JOIN amk_resources r ON r.id = $2::uuid WHERE m.id = $1`
        : `SELECT m.amk_id, m.lat, m.lon, m.municipality, m.urgency, r.call_sign
             FROM amk_first_responder_alerts f JOIN amk_missions m ON m.id = f.mission_id
             JOIN amk_resources r ON r.id = f.resource_id WHERE f.id = $1`,
      row.alert_kind === 'dispatch' ? [row.alert_id, row.recipient] : [row.alert_id],
    );
    const f = rows[0];
    if (!f) return 'no-address';
    if (!row.target_issi) return 'no-terminal';
    return {
      deliveryId: row.id,
      kind: row.alert_kind,
      to: { kind: 'terminal', issi: row.target_issi, callSign: f.call_sign },
      amkId: f.amk_id,
      location: { lat: f.lat, lon: f.lon, municipality: f.municipality },
      urgency: f.urgency,
      alertId: row.alert_id,
    };
  }

  /** The audit row and an event for every AMK concerned. */
  private async emit(
    tx: Queryable,
    kind: AlertKind,
    alertId: string,
    recipient: string,
    change: 'delivery' | 'consumed',
    details: Record<string, unknown>,
  ): Promise<void> {
    if (kind === 'triple-alert') {
      const alert = await loadTripleAlert(tx, alertId);
      for (const amk of amksOfAlert(alert))
        await recordChange(tx, ACTOR, {
          audit: {
            action: `amk.triple-alert.${change}`,
            entityType: 'amk-triple-alert',
            entityId: alertId,
            centreId: amk,
            details: { recipient, ...details },
          },
          event: tripleAlertChanged.of({ alertId, audienceAmkId: amk, change, recipient }),
        });
      return;
    }
    if (kind === 'dispatch') {
      const revision = await tx.query<{ revision: number }>(
        'SELECT revision FROM amk_missions WHERE id = $1',
        [alertId],
      );
      for (const amk of (await amksOfMission(tx, alertId)).sort())
        await recordChange(tx, ACTOR, {
          audit: {
            action: `amk.mission.dispatch-${change === 'delivery' ? 'delivery' : 'read'}`,
            entityType: 'amk-mission',
            entityId: alertId,
            centreId: amk,
            details: { resourceId: recipient, ...details },
          },
          event: missionChanged.of({
            missionId: alertId,
            audienceAmkId: amk,
            change: change === 'delivery' ? 'dispatch-delivery' : 'dispatch-read',
            resourceId: recipient,
            revision: revision.rows[0]?.revision ?? 0,
          }),
        });
      return;
    }
    const { rows } = await tx.query<{ mission_id: string; amk_id: string }>(
      'SELECT mission_id::text AS mission_id, amk_id FROM amk_first_responder_alerts WHERE id = $1',
      [alertId],
    );
    const fr = rows[0];
    if (fr)
      await recordFirstResponderChange(tx, ACTOR, fr.mission_id, change, [alertId], [fr.amk_id], details);
  }
}
