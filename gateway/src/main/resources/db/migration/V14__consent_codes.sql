-- Consent by one-time code (docs/family.md "Consent", docs/security.md): the hospital texts a code to the phone it
-- registered for the patient, and the payer enters what the patient read out. Only a keyed hash of the code is
-- kept (Identities.hash over binding id and code); one live code per binding, single use, expiring, with its
-- failed attempts counted. A guardian the hospital registered (a minor's parent) binds without consent.
CREATE TABLE binding_consent_code (
    binding_id       UUID         PRIMARY KEY REFERENCES family_binding (binding_id),
    code_hash        VARCHAR(128) NOT NULL,
    sent_at          TIMESTAMPTZ  NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL,
    failed_attempts  INT          NOT NULL DEFAULT 0,
    used_at          TIMESTAMPTZ
);
ALTER TABLE family_binding DROP CONSTRAINT family_binding_consent_by_check;
ALTER TABLE family_binding ADD CONSTRAINT family_binding_consent_by_check
    CHECK (consent_by IN ('PATIENT', 'GUARDIAN', 'SMS_CODE'));
