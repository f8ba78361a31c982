-- Item refunds (docs/api.md §7.2): the patient returns items of a bill the insurance paid part of. The
-- national interface has no partial refund of a settlement, so the gateway cancels it (2208) and settles the
-- kept items again (2204/2206/2207), cancels and re-files the commercial claim, and refunds the self-pay
-- difference. Each step is written here before it is sent, so a crash or an unanswered call anywhere is
-- finished by the recovery sweep from what this row holds.
--   items            the returned items [{code, quantity}]; NULL for an amount refund
--   kept_items       the bill lines settled after this refund (Bill.Line[]), what the re-settlement sends
--   stage            where the steps stand: CANCEL, CANCEL_CLAIM, PRESETTLE, RESETTLE, RECLAIM, SELF_PAY, DONE
--   restoring        the kept items' split would have the patient pay more: the items held before are re-settled
--   prior_*          the settlement msgid / claim number the refund started from (cancelled by it)
--   cancel_msgid     the 2208 msgid, the same on every retry (the platform answers a repeated msgid once)
--   batch_no         the fee batch (chrg_bchno) of the re-settlement; resettle_msgid its 2207 msgid
--   claim_no         the re-filed claim's outClaimNo; new_* the split after the refund
ALTER TABLE refund ADD COLUMN items JSONB;
ALTER TABLE refund ADD COLUMN kept_items JSONB;
ALTER TABLE refund ADD COLUMN fund_refund_fen BIGINT NOT NULL DEFAULT 0 CHECK (fund_refund_fen >= 0);
ALTER TABLE refund ADD COLUMN account_refund_fen BIGINT NOT NULL DEFAULT 0 CHECK (account_refund_fen >= 0);
ALTER TABLE refund ADD COLUMN stage VARCHAR(16) CHECK (stage IN ('CANCEL', 'CANCEL_CLAIM', 'PRESETTLE', 'RESETTLE', 'RECLAIM', 'SELF_PAY', 'DONE'));
ALTER TABLE refund ADD COLUMN restoring BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE refund ADD COLUMN prior_settle_msgid VARCHAR(64);
ALTER TABLE refund ADD COLUMN prior_setl_id VARCHAR(64);
ALTER TABLE refund ADD COLUMN prior_claim_no VARCHAR(64);
ALTER TABLE refund ADD COLUMN cancel_msgid VARCHAR(64);
ALTER TABLE refund ADD COLUMN batch_no VARCHAR(32);
ALTER TABLE refund ADD COLUMN resettle_msgid VARCHAR(64);
ALTER TABLE refund ADD COLUMN new_setl_id VARCHAR(64);
ALTER TABLE refund ADD COLUMN claim_no VARCHAR(64);
ALTER TABLE refund ADD COLUMN claim_ref VARCHAR(64);
ALTER TABLE refund ADD COLUMN new_fund_fen BIGINT CHECK (new_fund_fen >= 0);
ALTER TABLE refund ADD COLUMN new_account_fen BIGINT CHECK (new_account_fen >= 0);
ALTER TABLE refund ADD COLUMN new_commercial_fen BIGINT CHECK (new_commercial_fen >= 0);
ALTER TABLE refund ADD COLUMN new_self_fen BIGINT CHECK (new_self_fen >= 0);
ALTER TABLE refund ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE refund ADD COLUMN lease_until TIMESTAMPTZ;

-- Fund and personal account are the insurance part, apart.
ALTER TABLE refund ADD CONSTRAINT refund_insurance_parts CHECK (
    fund_refund_fen + account_refund_fen = insurance_refund_fen OR (fund_refund_fen = 0 AND account_refund_fen = 0));
-- An item refund's split is known only once the kept items are pre-settled: its parts add up once it is done.
ALTER TABLE refund DROP CONSTRAINT refund_parts_sum;
ALTER TABLE refund ADD CONSTRAINT refund_parts_sum CHECK (
    (items IS NOT NULL AND status <> 'SUCCEEDED')
    OR insurance_refund_fen + commercial_refund_fen + self_pay_refund_fen = amount_fen);
-- An item refund has amount 0 until it is done when nothing comes back (the kept items cost what was held).
ALTER TABLE refund DROP CONSTRAINT refund_amount_fen_check;
ALTER TABLE refund ADD CONSTRAINT refund_amount_positive CHECK (amount_fen > 0 OR items IS NOT NULL);
ALTER TABLE refund ADD CONSTRAINT refund_amount_not_negative CHECK (amount_fen >= 0);

-- One re-settlement of a payment at a time: two would cancel each other's settlement.
CREATE UNIQUE INDEX refund_one_resettlement ON refund (payment_id)
    WHERE items IS NOT NULL AND status IN ('PENDING', 'APPROVAL_REQUIRED');
CREATE INDEX refund_unfinished ON refund (created_at) WHERE status = 'PENDING';
