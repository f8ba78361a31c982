-- Every insurance settlement of an inpatient discharge (2304), kept after a settlement cancel (2305) clears it from the
-- stay, so the daily reconciliation finds ours for each of the platform's: 3201 with clr_type 21 totals the valid ones
-- per fund type, 3202 lists them beside the outpatient settlements (docs/finance.md §1).
CREATE TABLE inpatient_settlement (
    setl_id           VARCHAR(64)  PRIMARY KEY,
    stay_id           UUID         NOT NULL REFERENCES inpatient_stay (stay_id),
    hospital_id       VARCHAR(64)  NOT NULL,
    insutype          VARCHAR(8)   NOT NULL,
    total_fen         BIGINT       NOT NULL CHECK (total_fen >= 0),
    fund_fen          BIGINT       NOT NULL CHECK (fund_fen >= 0),
    account_fen       BIGINT       NOT NULL CHECK (account_fen >= 0),
    -- when its 2304 answer was recorded here (the reconciliation's day), and when its 2305 was
    settled_at        TIMESTAMPTZ  NOT NULL,
    cancelled_at      TIMESTAMPTZ
);
CREATE INDEX inpatient_settlement_day ON inpatient_settlement (settled_at);

-- The settlements recorded before this table (the stay's current one; one cancelled before it is gone from our books).
INSERT INTO inpatient_settlement (setl_id, stay_id, hospital_id, insutype, total_fen, fund_fen, account_fen, settled_at)
SELECT setl_id, stay_id, hospital_id, COALESCE(insutype, ''), setl_total_fen, setl_fund_fen, setl_account_fen,
       COALESCE(discharged_at, updated_at)
FROM inpatient_stay
WHERE ins_stage = 'SETTLED' AND setl_id IS NOT NULL AND setl_total_fen IS NOT NULL;
