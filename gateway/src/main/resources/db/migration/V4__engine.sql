-- The leg-driver engine: "the settlement booked another amount than pre-settled" becomes a column of
-- its own instead of a marker in vendor_code, and the states the engine writes are pinned here too.
ALTER TABLE payment_leg ADD COLUMN amount_changed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE payment_leg SET amount_changed = TRUE, vendor_code = NULL WHERE vendor_code = 'AMOUNT_CHANGED';

ALTER TABLE payment_leg ADD CONSTRAINT payment_leg_status_known CHECK (status IN
    ('PLANNED', 'SENT', 'PENDING', 'UNKNOWN', 'SUCCEEDED', 'DECLINED', 'COMPENSATED', 'NEEDS_REVIEW'));
ALTER TABLE payment ADD CONSTRAINT payment_status_known CHECK (status IN
    ('RECEIVED', 'PROCESSING', 'PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'));

-- Recovery looks for unfinished payments whose lease ran out.
CREATE INDEX payment_lease_open ON payment (lease_until) WHERE status IN ('RECEIVED', 'PROCESSING');
