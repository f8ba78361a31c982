-- The payment engine's durable state (docs/architecture.md). Every external call is written here
-- before it is sent (intent, with its vendor request id) and after it answers (result), so a crash
-- anywhere is finished by recovery. Money is integer fen.

CREATE TABLE payment (
    payment_id        UUID         PRIMARY KEY,
    hospital_id       VARCHAR(32)  NOT NULL,
    terminal_id       VARCHAR(64)  NOT NULL,
    window_id         VARCHAR(64),
    bill_no           VARCHAR(64)  NOT NULL,
    med_type          VARCHAR(32)  NOT NULL,
    items             JSONB        NOT NULL,
    total_fen         BIGINT       NOT NULL CHECK (total_fen > 0),
    source_kind       VARCHAR(32)  NOT NULL,
    source_masked     VARCHAR(64),
    plan              VARCHAR(32)  NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    stage             VARCHAR(32)  NOT NULL,
    cert_type         VARCHAR(24),
    cert_enc          BYTEA,
    psn_no            VARCHAR(64),
    insutype          VARCHAR(8),
    insuplc_admdvs    VARCHAR(6),
    mdtrt_id          VARCHAR(64),
    fund_pay_fen      BIGINT       CHECK (fund_pay_fen >= 0),
    account_pay_fen   BIGINT       CHECK (account_pay_fen >= 0),
    self_pay_fen      BIGINT       CHECK (self_pay_fen >= 0),
    self_pay_method   VARCHAR(16),
    failure_code      VARCHAR(64),
    failure_message   VARCHAR(500),
    refunded_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
    lease_owner       VARCHAR(64),
    lease_until       TIMESTAMPTZ,
    deadline_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    completed_at      TIMESTAMPTZ,
    CONSTRAINT legs_sum_to_total CHECK (
        status NOT IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
        OR COALESCE(fund_pay_fen, 0) + COALESCE(account_pay_fen, 0) + COALESCE(self_pay_fen, 0) = total_fen)
);
-- One bill, at most one payment that is not FAILED: the last guard against a double charge,
-- whatever Redis or two gateway instances do.
CREATE UNIQUE INDEX payment_one_live_per_bill ON payment (hospital_id, bill_no) WHERE status <> 'FAILED';
CREATE INDEX payment_unfinished ON payment (updated_at) WHERE status IN ('RECEIVED', 'PROCESSING', 'PENDING');
CREATE INDEX payment_by_window_day ON payment (window_id, created_at);

CREATE TABLE payment_leg (
    leg_id            UUID         PRIMARY KEY,
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    kind              VARCHAR(16)  NOT NULL CHECK (kind IN ('INSURANCE', 'SELF_PAY', 'COMMERCIAL')),
    channel           VARCHAR(16)  NOT NULL,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen >= 0),
    request_id        VARCHAR(64)  NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    vendor_ref        VARCHAR(64),
    vendor_code       VARCHAR(64),
    pending_since     TIMESTAMPTZ,
    refunded_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    UNIQUE (payment_id, kind),
    UNIQUE (channel, request_id)
);

-- Every call to a counterparty: written before it is sent, completed when it answers.
CREATE TABLE channel_attempt (
    attempt_id        BIGSERIAL    PRIMARY KEY,
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    leg_id            UUID         REFERENCES payment_leg (leg_id),
    channel           VARCHAR(16)  NOT NULL,
    operation         VARCHAR(32)  NOT NULL,
    request_id        VARCHAR(64)  NOT NULL,
    outcome           VARCHAR(16)  NOT NULL DEFAULT 'SENT',
    detail            VARCHAR(500),
    sent_at           TIMESTAMPTZ  NOT NULL,
    answered_at       TIMESTAMPTZ
);
CREATE INDEX channel_attempt_by_payment ON channel_attempt (payment_id);

-- Undoing a leg after another leg definitely failed: recorded, retried until done.
CREATE TABLE compensation (
    compensation_id   UUID         PRIMARY KEY,
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    leg_id            UUID         NOT NULL REFERENCES payment_leg (leg_id),
    action            VARCHAR(32)  NOT NULL,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen >= 0),
    request_id        VARCHAR(64)  NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'DONE', 'ESCALATED', 'MANUAL')),
    tries             INT          NOT NULL DEFAULT 0,
    last_error        VARCHAR(500),
    created_at        TIMESTAMPTZ  NOT NULL,
    completed_at      TIMESTAMPTZ,
    UNIQUE (leg_id, action)
);

CREATE TABLE payment_transition (
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    at                TIMESTAMPTZ  NOT NULL,
    from_status       VARCHAR(24),
    to_status         VARCHAR(24)  NOT NULL,
    stage             VARCHAR(32)  NOT NULL,
    note              VARCHAR(500)
);
CREATE INDEX payment_transition_by_payment ON payment_transition (payment_id, at);

-- Idempotency keys per terminal, kept at least for the reconciliation window.
CREATE TABLE idempotency_key (
    terminal_id       VARCHAR(64)  NOT NULL,
    idem_key          VARCHAR(64)  NOT NULL,
    scope             VARCHAR(16)  NOT NULL,
    request_hash      CHAR(64)     NOT NULL,
    resource_id       UUID         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (terminal_id, scope, idem_key)
);

CREATE TABLE refund (
    refund_id             UUID         PRIMARY KEY,
    payment_id            UUID         NOT NULL REFERENCES payment (payment_id),
    amount_fen            BIGINT       NOT NULL CHECK (amount_fen > 0),
    insurance_refund_fen  BIGINT       NOT NULL CHECK (insurance_refund_fen >= 0),
    self_pay_refund_fen   BIGINT       NOT NULL CHECK (self_pay_refund_fen >= 0),
    reason                VARCHAR(200),
    status                VARCHAR(16)  NOT NULL,
    failure_code          VARCHAR(64),
    created_at            TIMESTAMPTZ  NOT NULL,
    completed_at          TIMESTAMPTZ,
    CHECK (insurance_refund_fen + self_pay_refund_fen = amount_fen)
);
