-- A new binding waits for the patient's consent (docs/family.md "Consent"): the patient, signed in with
-- their own verified identity, approves it before the payer can sign a withholding agreement. Bindings
-- made before this version keep their status (no consent was asked then); consent_by stays NULL for them.
ALTER TABLE family_binding DROP CONSTRAINT family_binding_status_check;
ALTER TABLE family_binding ADD CONSTRAINT family_binding_status_check
    CHECK (status IN ('AWAITING_CONSENT', 'AWAITING_AGREEMENT', 'ACTIVE', 'PAUSED', 'REVOKED'));
ALTER TABLE family_binding
    ADD COLUMN consent_by   VARCHAR(8)  CHECK (consent_by IN ('PATIENT', 'GUARDIAN')),
    ADD COLUMN consented_at TIMESTAMPTZ,
    ADD CONSTRAINT family_consent_has_who CHECK ((consent_by IS NULL) = (consented_at IS NULL));
