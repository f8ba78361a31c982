-- Commercial insurance direct pay (商保直付, docs/architecture.md §4): a third leg next to the
-- settlement and the self-pay charge. The insurer pays part of the cash part the pre-settlement left.
-- commercial_status: ELIGIBLE (a COMMERCIAL leg was planned) or UNAVAILABLE (the insurer could not be
-- asked; the patient paid the residual); NULL when no policy applies or the feature is off.
-- commercial_insured_enc: name and ID number the claim is filed with, sealed like cert_enc (SecretBox).
ALTER TABLE payment ADD COLUMN commercial_pay_fen BIGINT CHECK (commercial_pay_fen >= 0);
ALTER TABLE payment ADD COLUMN commercial_status VARCHAR(16) CHECK (commercial_status IN ('ELIGIBLE', 'UNAVAILABLE'));
ALTER TABLE payment ADD COLUMN commercial_insurer VARCHAR(32);
ALTER TABLE payment ADD COLUMN commercial_insured_enc BYTEA;

ALTER TABLE payment DROP CONSTRAINT legs_sum_to_total;
ALTER TABLE payment ADD CONSTRAINT legs_sum_to_total CHECK (
    status NOT IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
    OR COALESCE(fund_pay_fen, 0) + COALESCE(account_pay_fen, 0) + COALESCE(commercial_pay_fen, 0)
       + COALESCE(self_pay_fen, 0) = total_fen);

-- A full refund cancels the commercial claim too; its share is part of the refund.
ALTER TABLE refund ADD COLUMN commercial_refund_fen BIGINT NOT NULL DEFAULT 0 CHECK (commercial_refund_fen >= 0);
ALTER TABLE refund DROP CONSTRAINT refund_check;
ALTER TABLE refund ADD CONSTRAINT refund_parts_sum CHECK (insurance_refund_fen + commercial_refund_fen + self_pay_refund_fen = amount_fen);
