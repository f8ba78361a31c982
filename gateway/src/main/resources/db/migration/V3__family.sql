-- Family proxy deduction (亲情代付, docs/family.md): payers (mini-program users) and their real-name
-- identity, bindings of a payer to a patient's hospital card with a withholding agreement and limits,
-- every deduction made under a binding, and the outbox of messages to payers.
-- Identity numbers are stored only as AES-GCM ciphertext (*_id_enc, nonce included), a keyed hash for
-- look-ups (*_id_hash: hex HMAC-SHA256 under a key derived from the master key) and a masked form.

CREATE TABLE family_payer (
    payer_id          VARCHAR(64)  PRIMARY KEY,  -- the bearer token's subject
    name              VARCHAR(32)  NOT NULL,
    id_enc            BYTEA        NOT NULL,
    id_hash           CHAR(64)     NOT NULL,
    id_masked         VARCHAR(32)  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX family_payer_by_id_hash ON family_payer (id_hash);

CREATE TABLE family_binding (
    binding_id        UUID         PRIMARY KEY,
    payer_id          VARCHAR(64)  NOT NULL REFERENCES family_payer (payer_id),
    hospital_id       VARCHAR(32)  NOT NULL,
    card_no           VARCHAR(32)  NOT NULL,
    patient_name      VARCHAR(32)  NOT NULL,
    patient_id_enc    BYTEA        NOT NULL,
    patient_id_hash   CHAR(64)     NOT NULL,
    patient_id_masked VARCHAR(32)  NOT NULL,
    relation          VARCHAR(8)   NOT NULL CHECK (relation IN ('PARENT', 'SPOUSE', 'CHILD', 'OTHER')),
    priority          INT          NOT NULL CHECK (priority BETWEEN 1 AND 99),
    status            VARCHAR(24)  NOT NULL CHECK (status IN ('AWAITING_AGREEMENT', 'ACTIVE', 'PAUSED', 'REVOKED')),
    channel           VARCHAR(8)   CHECK (channel IN ('WECHAT', 'ALIPAY')),
    -- Ours (WeChat out_contract_code / Alipay external_agreement_no) and theirs (contract_id / agreement_no).
    agreement_code    VARCHAR(32)  UNIQUE,
    agreement_id      VARCHAR(64),
    agreement_status  VARCHAR(16)  NOT NULL CHECK (agreement_status IN ('NONE', 'SIGNING', 'SIGNED', 'TERMINATED')),
    per_payment_fen   BIGINT       NOT NULL,
    per_day_fen       BIGINT       NOT NULL,
    per_month_fen     BIGINT       NOT NULL,
    -- Limit usage, reserved atomically before each deduction (one UPDATE with the limits in its WHERE),
    -- released when it is definitely declined. Keys are Beijing calendar days and first days of months.
    day_key           DATE,
    day_used_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (day_used_fen >= 0),
    month_key         DATE,
    month_used_fen    BIGINT       NOT NULL DEFAULT 0 CHECK (month_used_fen >= 0),
    -- The Beijing day of this binding's WeChat deduction in flight or done: WeChat allows one success a day.
    wechat_day        DATE,
    revoked_by        VARCHAR(8)   CHECK (revoked_by IN ('PAYER', 'PATIENT')),
    revoked_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    CONSTRAINT family_limits_ordered CHECK (per_payment_fen > 0 AND per_payment_fen <= per_day_fen AND per_day_fen <= per_month_fen),
    CONSTRAINT family_revoked_has_who CHECK ((status = 'REVOKED') = (revoked_at IS NOT NULL))
);
-- A payer binds a card once (until revoked).
CREATE UNIQUE INDEX family_binding_one_live ON family_binding (payer_id, hospital_id, card_no) WHERE status <> 'REVOKED';
CREATE INDEX family_binding_by_card ON family_binding (hospital_id, card_no, priority, created_at) WHERE status <> 'REVOKED';
CREATE INDEX family_binding_by_patient ON family_binding (patient_id_hash) WHERE status <> 'REVOKED';

-- One deduction from one payer for one family-proxy leg (leg_request_id); a leg tries payers in turn.
CREATE TABLE family_deduction (
    deduction_id      UUID         PRIMARY KEY,
    binding_id        UUID         NOT NULL REFERENCES family_binding (binding_id),
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    bill_no           VARCHAR(64)  NOT NULL,
    leg_request_id    VARCHAR(64)  NOT NULL,
    channel           VARCHAR(8)   NOT NULL,
    out_trade_no      VARCHAR(32)  NOT NULL UNIQUE,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    day_key           DATE         NOT NULL,
    month_key         DATE         NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('SENT', 'UNKNOWN', 'SUCCEEDED', 'DECLINED', 'REVERSED')),
    decline_code      VARCHAR(64),
    channel_trade_no  VARCHAR(64),
    refunded_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX family_deduction_by_leg ON family_deduction (leg_request_id, created_at);
-- At most one deduction of a leg that may have taken money: the last guard against two payers paying one bill.
CREATE UNIQUE INDEX family_deduction_one_live_per_leg ON family_deduction (leg_request_id)
    WHERE status IN ('SENT', 'UNKNOWN', 'SUCCEEDED');

-- Refunds of deductions, one row per refund number: a refund the channel confirms twice (a retry of an
-- unconfirmed call) is counted, released from the limits and reported once.
CREATE TABLE family_refund (
    out_refund_no     VARCHAR(32)  PRIMARY KEY,
    deduction_id      UUID         NOT NULL REFERENCES family_deduction (deduction_id),
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    created_at        TIMESTAMPTZ  NOT NULL
);

-- Messages to payers (every deduction, every failure, agreements, revocations, refunds): written in the
-- transaction that records what they report, delivered by the relay to the notifier, retried until taken.
CREATE TABLE family_notification (
    notification_id   BIGSERIAL    PRIMARY KEY,
    payer_id          VARCHAR(64)  NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    binding_id        UUID,
    payment_id        UUID,
    payload           JSONB        NOT NULL,
    status            VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'SENT')),
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL,
    last_error        VARCHAR(200),
    created_at        TIMESTAMPTZ  NOT NULL,
    sent_at           TIMESTAMPTZ
);
CREATE INDEX family_notification_due ON family_notification (next_attempt_at) WHERE status = 'PENDING';
