-- Credit refunds after the batch go to the bank as R records of a later batch file (channels/docs/bank.md):
-- a refund the bank cannot credit is FAILED with the bank's result code (kept for finance, never re-sent);
-- a batch counts the refund records it carries and what the bank credited back.
ALTER TABLE credit_refund DROP CONSTRAINT credit_refund_status_check;
ALTER TABLE credit_refund ADD CONSTRAINT credit_refund_status_check CHECK (status IN ('OPEN', 'BATCHED', 'DONE', 'FAILED'));
ALTER TABLE credit_refund ADD COLUMN result_code VARCHAR(2);
CREATE INDEX credit_refund_open ON credit_refund (business_date) WHERE status = 'OPEN';
CREATE INDEX credit_refund_in_batch ON credit_refund (batch_date) WHERE status = 'BATCHED';

ALTER TABLE credit_batch ADD COLUMN refund_count INT NOT NULL DEFAULT 0;
ALTER TABLE credit_batch ADD COLUMN credited_fen BIGINT;
