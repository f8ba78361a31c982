-- Security hardening: terminal kinds decide what a terminal may do (docs/api.md §3.1), large refunds wait for a
-- second approval by the finance office (§7.1), and an append-only audit trail records who did what (§3.3).

-- The finance office's terminals: refunds, approvals, every window's payments.
ALTER TABLE terminal DROP CONSTRAINT terminal_kind_check;
ALTER TABLE terminal ADD CONSTRAINT terminal_kind_check
    CHECK (kind IN ('WINDOW', 'KIOSK', 'CLINIC', 'NFC_READER', 'HIS', 'FINANCE'));

-- A refund above hospay.refunds.approval-above-fen is written APPROVAL_REQUIRED (its legs' amounts reserved, nothing
-- sent) and executed when a FINANCE terminal other than the requester approves it.
ALTER TABLE refund ALTER COLUMN status TYPE VARCHAR(24);
ALTER TABLE refund ADD COLUMN requested_by_terminal VARCHAR(64);
ALTER TABLE refund ADD COLUMN requested_by_operator VARCHAR(64);
ALTER TABLE refund ADD COLUMN approved_by_terminal VARCHAR(64);
ALTER TABLE refund ADD COLUMN approved_by_operator VARCHAR(64);
ALTER TABLE refund ADD COLUMN approved_at TIMESTAMPTZ;
ALTER TABLE refund ADD CONSTRAINT refund_status_known CHECK (status IN ('APPROVAL_REQUIRED', 'PENDING', 'SUCCEEDED', 'FAILED'));
ALTER TABLE refund ADD CONSTRAINT refund_approved_by_finance CHECK ((approved_at IS NULL) = (approved_by_terminal IS NULL));
CREATE INDEX refund_awaiting_approval ON refund (created_at) WHERE status = 'APPROVAL_REQUIRED';

-- Every money-moving or administrative action, as it was asked and how it ended. Rows are only ever added:
-- the triggers below refuse UPDATE, DELETE and TRUNCATE to every role, the gateway's included; taking them away
-- would need a DDL statement by the table's owner, in a migration everyone can read.
CREATE TABLE audit_event (
    event_id     BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    hospital_id  VARCHAR(32),
    terminal_id  VARCHAR(64),
    operator_id  VARCHAR(64),
    user_id      VARCHAR(128),
    action       VARCHAR(32)  NOT NULL,
    resource_id  VARCHAR(64),
    outcome      VARCHAR(64)  NOT NULL,
    CHECK (terminal_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX audit_event_resource ON audit_event (resource_id);
CREATE INDEX audit_event_terminal_at ON audit_event (terminal_id, at);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
