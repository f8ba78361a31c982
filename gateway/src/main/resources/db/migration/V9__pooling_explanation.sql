-- Why the pooling fund paid what it paid (docs/api.md §6.1 insurance.pooling): the platform's explanation of the
-- pre-settlement (deductible applied and still open, ratio and hospital level, annual cap used and left, items not
-- reimbursable, the signing exemption), kept with the payment so the answer and the console can show it later.
-- NULL for payments without a pre-settlement. Holds no identity data (no name, ID or card number).
ALTER TABLE payment ADD COLUMN pooling JSONB;
