-- Credit care / pay-after (信用就医 / 医后付, docs/credit.md): credit accounts of enrolled hospital cards,
-- the hospital's white and black lists, every consumption on credit, the daily batches to the bank, the
-- single-use dynamic credit codes, and the lease that lets one instance at a time run the batch.
-- Identity numbers: sealed (id_enc), keyed hash for look-ups (id_hash), masked form; never plain.

CREATE TABLE credit_account (
    account_id        UUID         PRIMARY KEY,
    hospital_id       VARCHAR(32)  NOT NULL,
    card_no           VARCHAR(32)  NOT NULL,
    user_id           VARCHAR(64),                -- the mini-program user who enrolled (null at a window)
    id_enc            BYTEA        NOT NULL,
    id_hash           CHAR(64)     NOT NULL,
    id_masked         VARCHAR(32)  NOT NULL,
    customer_no       VARCHAR(20)  NOT NULL,      -- the bank's customer number
    tier              VARCHAR(16)  NOT NULL CHECK (tier IN ('BANK_SCORE', 'INSURANCE', 'WHITE_LIST')),
    line_fen          BIGINT       NOT NULL CHECK (line_fen > 0),
    -- What is consumed and not yet repaid; reserved atomically (one conditional UPDATE) before each consumption.
    used_fen          BIGINT       NOT NULL DEFAULT 0 CHECK (used_fen >= 0 AND used_fen <= line_fen),
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('ACTIVE', 'BLACKLISTED')),
    status_reason     VARCHAR(200),
    overdue_count     INT          NOT NULL DEFAULT 0,
    on_time_count     INT          NOT NULL DEFAULT 0,
    consented_at      TIMESTAMPTZ  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    UNIQUE (hospital_id, card_no)
);
CREATE INDEX credit_account_by_id_hash ON credit_account (hospital_id, id_hash);

CREATE TABLE credit_list (
    hospital_id       VARCHAR(32)  NOT NULL,
    id_hash           CHAR(64)     NOT NULL,
    kind              VARCHAR(8)   NOT NULL CHECK (kind IN ('WHITE', 'BLACK')),
    id_masked         VARCHAR(32)  NOT NULL,
    line_fen          BIGINT,                      -- WHITE: the line granted without scoring (null: the maximum)
    reason            VARCHAR(200) NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (hospital_id, id_hash)
);

CREATE TABLE credit_consumption (
    consumption_id    VARCHAR(32)  PRIMARY KEY,    -- the credit leg's request id; the bank's deduction key
    account_id        UUID         NOT NULL REFERENCES credit_account (account_id),
    payment_id        UUID         NOT NULL,
    bill_no           VARCHAR(32)  NOT NULL,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    refunded_fen      BIGINT       NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
    occurred_at       TIMESTAMPTZ  NOT NULL,
    business_date     DATE         NOT NULL,       -- Beijing day of occurred_at: the batch it belongs to
    -- OPEN: in the line, not yet sent; RELEASED: reversed or wholly refunded before any batch;
    -- BATCHED: in a batch file awaiting the result; PAID: the bank deducted it; UNPAID: deduction failed, owed
    -- by the patient until due_date; REPAID: an UNPAID one deducted later.
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('OPEN', 'RELEASED', 'BATCHED', 'PAID', 'UNPAID', 'REPAID')),
    batch_date        DATE,                        -- the batch that last carried it
    due_date          DATE,
    reminded          VARCHAR(8)   NOT NULL DEFAULT 'NONE' CHECK (reminded IN ('NONE', 'DAY5', 'DUE')),
    overdue_counted   BOOLEAN      NOT NULL DEFAULT FALSE,
    result_code       VARCHAR(2),
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX credit_consumption_by_account ON credit_consumption (account_id, occurred_at);
CREATE INDEX credit_consumption_open ON credit_consumption (business_date) WHERE status IN ('OPEN', 'UNPAID');
CREATE INDEX credit_consumption_in_batch ON credit_consumption (batch_date) WHERE status = 'BATCHED';

-- A credit refund after the consumption was batched: sent to the bank in a later batch's refund records.
CREATE TABLE credit_refund (
    refund_no         VARCHAR(32)  PRIMARY KEY,
    consumption_id    VARCHAR(32)  NOT NULL REFERENCES credit_consumption (consumption_id),
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    business_date     DATE         NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('OPEN', 'BATCHED', 'DONE')),
    batch_date        DATE,
    created_at        TIMESTAMPTZ  NOT NULL
);

-- One batch per business day. The file is written once (with the lines it carries, in one transaction) and
-- stored, so a re-run sends the same bytes; the status says how far it got: CREATED → SUBMITTED → APPLIED.
CREATE TABLE credit_batch (
    batch_date        DATE         PRIMARY KEY,
    batch_no          VARCHAR(32)  NOT NULL UNIQUE,
    file_text         TEXT         NOT NULL,
    record_count      INT          NOT NULL,
    total_fen         BIGINT       NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('CREATED', 'SUBMITTED', 'APPLIED')),
    deducted_fen      BIGINT,
    attempts          INT          NOT NULL DEFAULT 0,
    last_error        VARCHAR(200),
    created_at        TIMESTAMPTZ  NOT NULL,
    applied_at        TIMESTAMPTZ
);

-- Single use of a dynamic credit code: its nonce is claimed once.
CREATE TABLE credit_code_use (
    nonce             VARCHAR(32)  PRIMARY KEY,
    account_id        UUID         NOT NULL,
    expires_at        TIMESTAMPTZ  NOT NULL
);

-- Who runs the credit jobs (batch, reminders, overdue) now: one instance at a time.
CREATE TABLE credit_lease (
    name              VARCHAR(32)  PRIMARY KEY,
    owner             VARCHAR(64)  NOT NULL,
    lease_until       TIMESTAMPTZ  NOT NULL
);
