-- Electronic invoices (医疗收费电子票据, docs/finance.md §5): one row per receipt the fiscal platform is asked to
-- issue. The rows are the outbox: written before the platform is called (from the payment and refund rows, by
-- the invoice relay), retried with backoff until the platform answers, so an outage delays a receipt, never loses it.
-- BLUE: a receipt of what the patient paid; RED: the red-flush (冲红) of a BLUE after a refund. A partial refund
-- red-flushes the live BLUE and issues a new BLUE for what remains paid (refund_id names the refund of both).
CREATE TABLE invoice (
    invoice_id        UUID         PRIMARY KEY,
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    kind              VARCHAR(8)   NOT NULL CHECK (kind IN ('BLUE', 'RED')),
    out_no            VARCHAR(32)  NOT NULL UNIQUE,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    fund_pay_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (fund_pay_fen >= 0),
    account_pay_fen   BIGINT       NOT NULL DEFAULT 0 CHECK (account_pay_fen >= 0),
    flushes           UUID         REFERENCES invoice (invoice_id),
    refund_id         UUID         REFERENCES refund (refund_id),
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'ISSUED', 'RED_FLUSHED', 'FAILED')),
    invoice_code      VARCHAR(32),
    invoice_no        VARCHAR(32),
    check_code        VARCHAR(32),
    pdf_url           VARCHAR(300),
    verify_url        VARCHAR(300),
    issued_at         TIMESTAMPTZ,
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL,
    last_error        VARCHAR(300),
    created_at        TIMESTAMPTZ  NOT NULL,
    CHECK ((kind = 'RED') = (flushes IS NOT NULL)),
    CHECK (fund_pay_fen + account_pay_fen <= amount_fen)
);
-- A payment's first receipt, once; a refund's red-flush and re-issue, once each.
CREATE UNIQUE INDEX invoice_first_per_payment ON invoice (payment_id) WHERE kind = 'BLUE' AND refund_id IS NULL;
CREATE UNIQUE INDEX invoice_per_refund ON invoice (refund_id, kind) WHERE refund_id IS NOT NULL;
CREATE INDEX invoice_due ON invoice (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX invoice_by_payment ON invoice (payment_id, created_at);
-- The relay looks for payments completed and refunds succeeded lately that have no receipt yet.
CREATE INDEX payment_completed ON payment (completed_at) WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED');
CREATE INDEX refund_completed ON refund (completed_at) WHERE status = 'SUCCEEDED';
