-- The backlog gauges (ops.BacklogGauges) count open legs, legs parked for review and unconfirmed
-- compensations every few seconds (the notification outbox has its own, family_notification_due): partial indexes hold only those rows, so the count stays cheap
-- however many finished payments the tables keep.
CREATE INDEX payment_leg_open ON payment_leg (pending_since) WHERE status IN ('SENT', 'PENDING', 'UNKNOWN', 'NEEDS_REVIEW');
CREATE INDEX compensation_pending ON compensation (created_at) WHERE status = 'PENDING';
