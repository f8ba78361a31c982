-- Inpatient money (docs/api.md §13): stays, their deposits (each a payment with its own self-pay leg), fee batches,
-- the discharge settlement, and the deposit refunds a discharge or a withdrawal decides, each one recorded.

ALTER TABLE terminal DROP CONSTRAINT terminal_kind_check;
ALTER TABLE terminal ADD CONSTRAINT terminal_kind_check
    CHECK (kind IN ('WINDOW', 'KIOSK', 'CLINIC', 'NFC_READER', 'HIS', 'FINANCE', 'BEDSIDE'));

CREATE TABLE inpatient_stay (
    stay_id             UUID         PRIMARY KEY,
    hospital_id         VARCHAR(64)  NOT NULL,
    admission_no        VARCHAR(32)  NOT NULL,
    patient_masked      VARCHAR(64)  NOT NULL,
    ward                VARCHAR(32),
    bed                 VARCHAR(16),
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('ADMITTED', 'DISCHARGING', 'DISCHARGED')),
    -- SETTLING -> REFUNDING | COLLECTING -> DONE (docs/api.md §13.4); CANCELLING while a settlement is undone
    stage               VARCHAR(16)  NOT NULL CHECK (stage IN ('STAYING', 'SETTLING', 'REFUNDING', 'COLLECTING', 'CANCELLING', 'DONE')),
    admitted_by         VARCHAR(64)  NOT NULL,
    admitted_at         TIMESTAMPTZ  NOT NULL,
    fees_fen            BIGINT       NOT NULL DEFAULT 0 CHECK (fees_fen >= 0),
    -- the discharge settlement slip: fund + account + self_pay = total; deposits_fen what the deposits held then
    setl_total_fen      BIGINT,
    setl_fund_fen       BIGINT,
    setl_account_fen    BIGINT,
    setl_self_pay_fen   BIGINT,
    setl_deposits_fen   BIGINT,
    setl_refund_fen     BIGINT,
    setl_shortfall_fen  BIGINT,
    setl_round          INT          NOT NULL DEFAULT 0,
    discharged_by       VARCHAR(64),
    discharged_at       TIMESTAMPTZ,
    lease_owner         VARCHAR(64),
    lease_until         TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ  NOT NULL,
    UNIQUE (hospital_id, admission_no),
    CONSTRAINT settlement_adds_up CHECK (setl_total_fen IS NULL
        OR setl_fund_fen + setl_account_fen + setl_self_pay_fen = setl_total_fen)
);
CREATE INDEX inpatient_stay_open ON inpatient_stay (lease_until) WHERE status = 'DISCHARGING';

CREATE TABLE inpatient_deposit (
    deposit_id          UUID         PRIMARY KEY,
    stay_id             UUID         NOT NULL REFERENCES inpatient_stay (stay_id),
    bill_no             VARCHAR(64)  NOT NULL,
    -- DEPOSIT (预交金, at admission or a top-up) or SHORTFALL (the rest of the self-pay part, collected at discharge);
    -- the money itself is the payment with this bill number (one self-pay leg), found by (hospital, bill_no)
    kind                VARCHAR(16)  NOT NULL CHECK (kind IN ('DEPOSIT', 'SHORTFALL')),
    amount_fen          BIGINT       NOT NULL CHECK (amount_fen > 0),
    by_terminal         VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    UNIQUE (stay_id, bill_no)
);

CREATE TABLE inpatient_fee_batch (
    stay_id             UUID         NOT NULL REFERENCES inpatient_stay (stay_id),
    batch_no            VARCHAR(32)  NOT NULL,
    amount_fen          BIGINT       NOT NULL CHECK (amount_fen >= 0),
    content_hash        VARCHAR(64)  NOT NULL,
    items_json          TEXT         NOT NULL,
    uploaded_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (stay_id, batch_no)
);

-- One row per deposit refund the stay decided. Retried (attempt + 1, a new refund under a new key) when the channel
-- declines; NEEDS_REVIEW after too many declines or too long unconfirmed: the finance office's worklist.
CREATE TABLE inpatient_refund (
    refund_row_id       UUID         PRIMARY KEY,
    stay_id             UUID         NOT NULL REFERENCES inpatient_stay (stay_id),
    deposit_id          UUID         NOT NULL REFERENCES inpatient_deposit (deposit_id),
    payment_id          UUID         NOT NULL,
    amount_fen          BIGINT       NOT NULL CHECK (amount_fen > 0),
    reason              VARCHAR(16)  NOT NULL CHECK (reason IN ('DISCHARGE', 'WITHDRAWAL')),
    batch_id            UUID         NOT NULL,
    by_terminal         VARCHAR(64)  NOT NULL,
    by_kind             VARCHAR(16)  NOT NULL,
    by_window           VARCHAR(32),
    seq                 INT          NOT NULL,
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'NEEDS_REVIEW')),
    attempt             INT          NOT NULL DEFAULT 0,
    refund_id           UUID,
    failure_code        VARCHAR(64),
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX inpatient_refund_batch ON inpatient_refund (batch_id);
CREATE INDEX inpatient_refund_open ON inpatient_refund (stay_id) WHERE status <> 'SUCCEEDED';
