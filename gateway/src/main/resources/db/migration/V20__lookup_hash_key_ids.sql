-- Rotatable look-up hashes (docs/security.md, "Rotating the master key"): the keyed hashes of identity numbers
-- are now written as 'k<key id>:<64 hex>' under the current master key, so each row records which key its
-- hash used; rows from before keep their 64 hex digits (found under every key of the ring) until the re-seal
-- command re-computes them. CHAR(64) would pad and not fit the prefix.
ALTER TABLE family_payer   ALTER COLUMN id_hash         TYPE VARCHAR(72);
ALTER TABLE family_binding ALTER COLUMN patient_id_hash TYPE VARCHAR(72);
ALTER TABLE credit_account ALTER COLUMN id_hash         TYPE VARCHAR(72);
ALTER TABLE credit_list    ALTER COLUMN id_hash         TYPE VARCHAR(72);

-- The black/white list held only the hash: re-computing it needs the number, sealed like everywhere else.
-- Null on rows listed before; the re-seal command fills it from the person's credit account where there is one.
ALTER TABLE credit_list ADD COLUMN id_enc BYTEA;
