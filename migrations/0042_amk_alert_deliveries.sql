-- Delivery of triple alerts (AMK-3), first-responder alerts (NN-6) and dispatches (AMK-2) to their
-- recipients over Nødnett (docs/amk.md, "Delivery over Nødnett"). One row per alert and recipient
-- outside nodmeld (police, fire, rescue coordination; a first-responder group's or a dispatched
-- unit's terminal; for a dispatch the alert is the mission and the recipient the unit), written in the alert's
-- own transaction (an outbox), sent by the delivery worker, retried while the network or the
-- terminal cannot be reached, and given up with a reason an operator sees. The channel's message
-- reference ties the recipient's "consumed" report (read on the terminal) back to the row.
CREATE TABLE amk_alert_deliveries (
  id               uuid PRIMARY KEY,
  alert_kind       text NOT NULL CHECK (alert_kind IN ('triple-alert', 'first-responder', 'dispatch')),
  alert_id         uuid NOT NULL,
  recipient        text NOT NULL,
  -- The AMK whose operators see the row (the raising AMK; the group's AMK).
  amk_id           text NOT NULL,
  -- A first-responder group's terminal; null for an agency (the channel looks its centre up).
  target_issi      text,
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  -- The last attempt's outcome code (delivered, out-of-coverage, network-unavailable, …).
  outcome          text,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  -- Where it went: the terminal's ISSI and the name the directory gives it.
  address_issi     text,
  address_name     text,
  message_ref      integer,
  consumed_at      timestamptz,
  created_at       timestamptz NOT NULL,
  UNIQUE (alert_kind, alert_id, recipient)
);
CREATE INDEX amk_alert_deliveries_due ON amk_alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX amk_alert_deliveries_ref ON amk_alert_deliveries (address_issi, message_ref) WHERE consumed_at IS NULL;
CREATE INDEX amk_alert_deliveries_alert ON amk_alert_deliveries (alert_id);
