-- Finance (docs/finance.md): the daily reconciliation with every counterparty, its differences, and the
-- finance office's review worklist with every action taken on it.

-- One reconciliation of one Beijing day with one counterparty (WECHAT, ALIPAY, UNIONPAY, INSURANCE, ...).
-- Re-running a day updates this row: its counts are recomputed from the differences recorded for the day.
CREATE TABLE recon_run (
    day               DATE         NOT NULL,
    counterparty      VARCHAR(16)  NOT NULL,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('BALANCED', 'DIFFERENCES', 'FAILED', 'UNSUPPORTED')),
    their_lines       BIGINT       NOT NULL DEFAULT 0,
    our_records       BIGINT       NOT NULL DEFAULT 0,
    matched           BIGINT       NOT NULL DEFAULT 0,
    differences       INT          NOT NULL DEFAULT 0,
    open_differences  INT          NOT NULL DEFAULT 0,
    detail            VARCHAR(500),
    runs              INT          NOT NULL DEFAULT 1,
    started_at        TIMESTAMPTZ  NOT NULL,
    finished_at       TIMESTAMPTZ,
    PRIMARY KEY (day, counterparty)
);

-- One difference between what a counterparty booked and what the gateway recorded, keyed by the
-- reference both sides share (P:<out_trade_no>, R:<out_refund_no>, S:<setl_id>): found once per day,
-- whatever the number of runs. RESOLVED carries what settled it (the job's safe resolution, or a person's note).
CREATE TABLE recon_difference (
    difference_id     UUID         PRIMARY KEY,
    day               DATE         NOT NULL,
    counterparty      VARCHAR(16)  NOT NULL,
    ref               VARCHAR(80)  NOT NULL,
    kind              VARCHAR(24)  NOT NULL CHECK (kind IN ('THERE_NOT_HERE', 'HERE_NOT_THERE', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH')),
    our_fen           BIGINT,
    their_fen         BIGINT,
    our_status        VARCHAR(24),
    their_status      VARCHAR(24),
    payment_id        UUID,
    leg_id            UUID,
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    resolution        VARCHAR(500),
    found_at          TIMESTAMPTZ  NOT NULL,
    seen_at           TIMESTAMPTZ  NOT NULL,
    resolved_at       TIMESTAMPTZ,
    UNIQUE (day, counterparty, ref)
);
CREATE INDEX recon_difference_open ON recon_difference (found_at) WHERE status = 'OPEN';

-- Items of the worklist a person closed (a leg under review, a failed compensation): who, when, why.
CREATE TABLE review_closed (
    item              VARCHAR(80)  PRIMARY KEY,
    terminal_id       VARCHAR(64)  NOT NULL,
    operator_id       VARCHAR(64),
    note              VARCHAR(500) NOT NULL,
    closed_at         TIMESTAMPTZ  NOT NULL
);

-- Every action on the worklist, as asked and how it ended (the audit trail has the same, without the note).
CREATE TABLE review_action (
    action_id         BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item              VARCHAR(80)  NOT NULL,
    action            VARCHAR(16)  NOT NULL CHECK (action IN ('RETRY', 'RESOLVE', 'REFUND')),
    terminal_id       VARCHAR(64)  NOT NULL,
    operator_id       VARCHAR(64),
    note              VARCHAR(500),
    outcome           VARCHAR(64)  NOT NULL,
    at                TIMESTAMPTZ  NOT NULL
);
CREATE INDEX review_action_by_item ON review_action (item, at);

-- The day's records by their counterparty: the reconciliation reads legs and refunds of one day.
CREATE INDEX payment_leg_by_channel_day ON payment_leg (channel, created_at);
CREATE INDEX refund_by_day ON refund (created_at);
