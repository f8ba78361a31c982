-- Repayment of an owed credit bill in the mini-program (docs/credit.md §5): the patient pays the bill with a
-- WeChat Pay or Alipay payment code from their wallet app. While the charge runs the bill is REPAYING: the batch
-- leaves it out (the bank never deducts what the patient is paying in-app) and no second repayment starts.
ALTER TABLE credit_consumption DROP CONSTRAINT credit_consumption_status_check;
ALTER TABLE credit_consumption ADD CONSTRAINT credit_consumption_status_check
    CHECK (status IN ('OPEN', 'RELEASED', 'BATCHED', 'PAID', 'UNPAID', 'REPAYING', 'REPAID'));

CREATE TABLE credit_repayment (
    repayment_no      VARCHAR(32)  PRIMARY KEY,    -- the charge's out_trade_no on the channel
    consumption_id    VARCHAR(32)  NOT NULL REFERENCES credit_consumption (consumption_id),
    account_id        UUID         NOT NULL REFERENCES credit_account (account_id),
    channel           VARCHAR(16)  NOT NULL CHECK (channel IN ('WECHAT', 'ALIPAY')),
    code_masked       VARCHAR(40)  NOT NULL,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    -- PENDING: charged or being charged, outcome not known yet; SUCCEEDED: the bill is REPAID; DECLINED: owed again.
    status            VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'DECLINED')),
    failure_code      VARCHAR(64),
    channel_trade_no  VARCHAR(64),
    on_time           BOOLEAN,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
-- At most one repayment of a bill is running or has succeeded: a bill is repaid once.
CREATE UNIQUE INDEX credit_repayment_once ON credit_repayment (consumption_id) WHERE status IN ('PENDING', 'SUCCEEDED');
CREATE INDEX credit_repayment_pending ON credit_repayment (created_at) WHERE status = 'PENDING';
