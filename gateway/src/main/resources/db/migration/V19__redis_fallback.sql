-- Shared short-lived state kept in PostgreSQL while Redis is unreachable (support.RedisSwitch, docs/operations.md §8).
-- Logged tables on purpose: an UNLOGGED table is emptied by a PostgreSQL crash, which would forget a used nonce.

-- Single-use keys: request nonces and e-voucher/aggregated code nonces, as Redis keys would be (SET NX EX).
-- A row is held until expires_at; FallbackKeys sweeps expired rows every few seconds.
CREATE TABLE redis_fallback_key (
    key         VARCHAR(400) PRIMARY KEY,
    expires_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX redis_fallback_key_expiry ON redis_fallback_key (expires_at);

-- NFC checkout sessions opened while Redis was away: the fields the Redis hash holds (the e-voucher or card
-- number sealed with the master key, the tag UID masked), kept until keep_until like the hash's expiry.
CREATE TABLE nfc_session_fallback (
    session_id  VARCHAR(40)  PRIMARY KEY,
    fields      JSONB        NOT NULL,
    keep_until  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX nfc_session_fallback_keep ON nfc_session_fallback (keep_until);
