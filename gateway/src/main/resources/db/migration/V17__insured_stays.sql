-- Insured inpatient stays (docs/api.md §13.6): the stay at the insurance platform (2401 admission, 2301 fee batches,
-- 2402 discharge, 2304 settlement, 2305 / 2405 to undo them). Every msgid is written down before its call, so a
-- crash or an unanswered call is finished by sending the same msgid again (or asking 5203 what it did).

ALTER TABLE inpatient_stay
    ADD COLUMN psn_no           VARCHAR(64),
    ADD COLUMN insutype         VARCHAR(8),
    ADD COLUMN insuplc_admdvs   VARCHAR(6),
    ADD COLUMN cert_type        VARCHAR(24),
    -- the presented certificate, sealed like payment.cert_enc (2304 sends it again)
    ADD COLUMN cert_enc         BYTEA,
    ADD COLUMN mdtrt_id         VARCHAR(64),
    -- NONE (self-pay) | ADMITTING (2401 sent, no answer yet) | ADMITTED | REFUSED (2401 declined later, by recovery)
    -- | DISCHARGED (2402 done) | SETTLED (2304 done)
    ADD COLUMN ins_stage        VARCHAR(16)  NOT NULL DEFAULT 'NONE'
        CHECK (ins_stage IN ('NONE', 'ADMITTING', 'ADMITTED', 'REFUSED', 'DISCHARGED', 'SETTLED')),
    ADD COLUMN admit_msgid      VARCHAR(40),
    ADD COLUMN dscg_msgid       VARCHAR(40),
    ADD COLUMN setl_msgid       VARCHAR(40),
    ADD COLUMN setl_id          VARCHAR(64),
    ADD COLUMN cancel_msgid     VARCHAR(40),
    -- why the fund paid what it paid (the platform's pooling explanation of the settlement), JSON
    ADD COLUMN setl_pooling     TEXT,
    -- the platform's last refusal of a step (a declined settlement or cancel), cleared by the next try
    ADD COLUMN ins_failure      VARCHAR(300);

-- a stay whose platform work is open: admission unanswered
CREATE INDEX inpatient_stay_ins_open ON inpatient_stay (updated_at) WHERE ins_stage = 'ADMITTING';

ALTER TABLE inpatient_fee_batch
    -- NONE (self-pay stay) | PENDING (2301 to send) | UPLOADED | DECLINED (the platform refused the batch: cancel it)
    -- | CANCELLING (2302 to send; the row goes once it is done)
    ADD COLUMN ins_status       VARCHAR(16)  NOT NULL DEFAULT 'NONE'
        CHECK (ins_status IN ('NONE', 'PENDING', 'UPLOADED', 'DECLINED', 'CANCELLING')),
    ADD COLUMN upload_msgid     VARCHAR(40),
    ADD COLUMN cancel_msgid     VARCHAR(40),
    ADD COLUMN line_count       INT          NOT NULL DEFAULT 0,
    ADD COLUMN ins_failure      VARCHAR(300);
CREATE INDEX inpatient_fee_batch_open ON inpatient_fee_batch (stay_id) WHERE ins_status IN ('PENDING', 'CANCELLING');

-- who discharged (kind and window too): recovery makes the discharge's deposit refunds for that terminal
ALTER TABLE inpatient_stay
    ADD COLUMN discharged_kind   VARCHAR(16),
    ADD COLUMN discharged_window VARCHAR(32);

-- The ward's "deposit low" reminders, posted by the HIS as a bill event (docs/api.md §13.7): one per reminder
-- number and stay (the HIS posting it again changes nothing), with whom it told.
CREATE TABLE inpatient_reminder (
    stay_id             UUID         NOT NULL REFERENCES inpatient_stay (stay_id),
    reminder_no         VARCHAR(32)  NOT NULL,
    kind                VARCHAR(16)  NOT NULL CHECK (kind IN ('DEPOSIT_LOW')),
    suggested_fen       BIGINT       NOT NULL CHECK (suggested_fen > 0),
    balance_fen         BIGINT       NOT NULL,
    card_masked         VARCHAR(32),
    notified            INT          NOT NULL DEFAULT 0,
    by_terminal         VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (stay_id, reminder_no)
);
