-- Terminals: cashier windows, kiosks, in-clinic terminals, NFC readers and the HIS.
-- The shared secret is needed in clear to verify HMACs, so it is encrypted (AES-GCM under the
-- master key), never hashed; the ciphertext carries its own nonce.
CREATE TABLE terminal (
    terminal_id    VARCHAR(64) PRIMARY KEY,
    secret_enc     BYTEA       NOT NULL,
    kind           VARCHAR(16) NOT NULL CHECK (kind IN ('WINDOW', 'KIOSK', 'CLINIC', 'NFC_READER', 'HIS')),
    hospital_id    VARCHAR(32) NOT NULL,
    window_id      VARCHAR(64),
    active         BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
