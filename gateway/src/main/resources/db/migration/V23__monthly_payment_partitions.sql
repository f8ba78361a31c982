-- Payments and their legs, partitioned by month of created_at (Beijing time), like the logs of V22 (docs/scale.md §4).
--
-- A partitioned table's unique keys must contain the partition key, so the guards that must hold across months move
-- to three small unpartitioned key tables, written by triggers in the same statement as the row they guard (no
-- statement of the application changes, and no round trip is added):
--   payment_key        (payment_id): the id is unique for ever; every foreign key that pointed at payment points here.
--   payment_live_bill  (hospital_id, bill_no): at most one payment per bill that is not FAILED, whatever month each
--                      was made in. Its key keeps the name payment_one_live_per_bill, which the engine recognises.
--   payment_leg_key    (leg_id): legs' foreign keys point here; (payment_id, kind) and (channel, request_id) stay
--                      unique for ever (a request id sent to a channel twice would be two charges).
-- A month detached for the archive takes its wide rows along; its keys stay, so an archived bill still counts as
-- paid and an archived request id is never reused.
--
-- Rows written before this migration land in payment_before / payment_leg_before (up to this month) or this month's
-- partition, with their ids unchanged (they are on receipts). The copy takes the tables' locks for its duration:
-- migrate in a quiet hour (docs/operations.md §9 has the figures).

ALTER TABLE payment RENAME TO payment_v22;
ALTER TABLE payment_v22 RENAME CONSTRAINT payment_pkey TO payment_v22_pkey;
DROP INDEX payment_one_live_per_bill, payment_unfinished, payment_by_window_day, payment_lease_open, payment_completed;

ALTER TABLE payment_leg RENAME TO payment_leg_v22;
ALTER TABLE payment_leg_v22 RENAME CONSTRAINT payment_leg_pkey TO payment_leg_v22_pkey;
ALTER TABLE payment_leg_v22 DROP CONSTRAINT payment_leg_payment_id_kind_key, DROP CONSTRAINT payment_leg_channel_request_id_key;
DROP INDEX payment_leg_by_channel_day, payment_leg_open;

CREATE TABLE payment_key (
    payment_id        UUID         PRIMARY KEY,
    created_at        TIMESTAMPTZ  NOT NULL
);

CREATE TABLE payment_live_bill (
    hospital_id       VARCHAR(32)  NOT NULL,
    bill_no           VARCHAR(64)  NOT NULL,
    payment_id        UUID         NOT NULL,
    -- The last guard against a double charge, whatever Redis or two gateway instances do.
    CONSTRAINT payment_one_live_per_bill PRIMARY KEY (hospital_id, bill_no)
);

CREATE TABLE payment_leg_key (
    leg_id            UUID         PRIMARY KEY,
    payment_id        UUID         NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    channel           VARCHAR(16)  NOT NULL,
    request_id        VARCHAR(64)  NOT NULL,
    CONSTRAINT payment_leg_payment_id_kind_key UNIQUE (payment_id, kind),
    CONSTRAINT payment_leg_channel_request_id_key UNIQUE (channel, request_id)
);

CREATE TABLE payment (
    LIKE payment_v22 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE,
    PRIMARY KEY (payment_id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX payment_by_bill ON payment (hospital_id, bill_no);
CREATE INDEX payment_unfinished ON payment (updated_at) WHERE status IN ('RECEIVED', 'PROCESSING', 'PENDING');
CREATE INDEX payment_by_window_day ON payment (window_id, created_at);
CREATE INDEX payment_lease_open ON payment (lease_until) WHERE status IN ('RECEIVED', 'PROCESSING');
CREATE INDEX payment_completed ON payment (completed_at) WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED');

CREATE TABLE payment_leg (
    LIKE payment_leg_v22 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE,
    PRIMARY KEY (leg_id, created_at),
    CONSTRAINT payment_leg_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES payment_key (payment_id)
) PARTITION BY RANGE (created_at);
CREATE INDEX payment_leg_by_payment ON payment_leg (payment_id, kind);
CREATE INDEX payment_leg_by_channel_day ON payment_leg (channel, created_at);
CREATE INDEX payment_leg_open ON payment_leg (pending_since) WHERE status IN ('SENT', 'PENDING', 'UNKNOWN', 'NEEDS_REVIEW');

-- BEFORE INSERT, so the keys exist before anything later in the same statement (the transition a payment's insert
-- writes with it, the attempts a leg's) checks its foreign key against them.
CREATE FUNCTION payment_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO payment_key (payment_id, created_at) VALUES (NEW.payment_id, NEW.created_at);
    IF NEW.status <> 'FAILED' THEN
        INSERT INTO payment_live_bill (hospital_id, bill_no, payment_id) VALUES (NEW.hospital_id, NEW.bill_no, NEW.payment_id);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER payment_keys_insert BEFORE INSERT ON payment FOR EACH ROW EXECUTE FUNCTION payment_keys_insert();

-- Only when the payment becomes FAILED (or, never in practice, leaves it or changes bill): the hot path's status
-- changes do not call it.
CREATE FUNCTION payment_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.payment_id <> OLD.payment_id THEN
        RAISE EXCEPTION 'a payment id never changes (% to %)', OLD.payment_id, NEW.payment_id;
    END IF;
    IF OLD.status <> 'FAILED' THEN
        DELETE FROM payment_live_bill WHERE hospital_id = OLD.hospital_id AND bill_no = OLD.bill_no AND payment_id = OLD.payment_id;
    END IF;
    IF NEW.status <> 'FAILED' THEN
        INSERT INTO payment_live_bill (hospital_id, bill_no, payment_id) VALUES (NEW.hospital_id, NEW.bill_no, NEW.payment_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER payment_keys_update AFTER UPDATE ON payment FOR EACH ROW
    WHEN ((OLD.status = 'FAILED') IS DISTINCT FROM (NEW.status = 'FAILED')
        OR OLD.hospital_id IS DISTINCT FROM NEW.hospital_id OR OLD.bill_no IS DISTINCT FROM NEW.bill_no
        OR OLD.payment_id IS DISTINCT FROM NEW.payment_id)
    EXECUTE FUNCTION payment_keys_update();

CREATE FUNCTION payment_keys_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM payment_live_bill WHERE hospital_id = OLD.hospital_id AND bill_no = OLD.bill_no AND payment_id = OLD.payment_id;
    DELETE FROM payment_key WHERE payment_id = OLD.payment_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER payment_keys_delete AFTER DELETE ON payment FOR EACH ROW EXECUTE FUNCTION payment_keys_delete();

CREATE FUNCTION payment_leg_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO payment_leg_key (leg_id, payment_id, kind, channel, request_id)
    VALUES (NEW.leg_id, NEW.payment_id, NEW.kind, NEW.channel, NEW.request_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER payment_leg_keys_insert BEFORE INSERT ON payment_leg FOR EACH ROW EXECUTE FUNCTION payment_leg_keys_insert();

-- A leg's channel and request id change when it is sent again another way (and on an item refund).
CREATE FUNCTION payment_leg_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE payment_leg_key SET leg_id = NEW.leg_id, payment_id = NEW.payment_id, kind = NEW.kind, channel = NEW.channel,
        request_id = NEW.request_id
    WHERE leg_id = OLD.leg_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER payment_leg_keys_update AFTER UPDATE ON payment_leg FOR EACH ROW
    WHEN (OLD.leg_id IS DISTINCT FROM NEW.leg_id OR OLD.payment_id IS DISTINCT FROM NEW.payment_id
        OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.request_id IS DISTINCT FROM NEW.request_id)
    EXECUTE FUNCTION payment_leg_keys_update();

CREATE FUNCTION payment_leg_keys_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM payment_leg_key WHERE leg_id = OLD.leg_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER payment_leg_keys_delete AFTER DELETE ON payment_leg FOR EACH ROW EXECUTE FUNCTION payment_leg_keys_delete();

DO $$
DECLARE
    this_month CONSTANT TIMESTAMPTZ := hospay_month_start(now(), 0);
BEGIN
    EXECUTE format('CREATE TABLE payment_before PARTITION OF payment FOR VALUES FROM (MINVALUE) TO (%L)', this_month);
    EXECUTE format('CREATE TABLE payment_leg_before PARTITION OF payment_leg FOR VALUES FROM (MINVALUE) TO (%L)', this_month);
END
$$;

-- As V22's, with payments and legs: they are kept online by their own setting (keep_payment_months, 0 = all; a
-- refund or an auditor's question needs the payment), and a month of them is detached only when nothing in it is
-- still open.
DROP FUNCTION hospay_partition_months(INT, INT, TIMESTAMPTZ);
CREATE FUNCTION hospay_partition_months(months_ahead INT, keep_months INT, now_at TIMESTAMPTZ DEFAULT now(),
                                        keep_payment_months INT DEFAULT 0)
    RETURNS TABLE (created INT, detached INT, ahead INT)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    parents CONSTANT TEXT[] := ARRAY['channel_attempt', 'payment_transition', 'payment', 'payment_leg'];
    parent TEXT;
    m TIMESTAMPTZ;
    next_m TIMESTAMPTZ;
    part RECORD;
    upper_bound TEXT;
    cutoff TIMESTAMPTZ;
    open_rows BOOLEAN;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('hospay_partition_months'));
    created := 0;
    detached := 0;
    FOR i IN 0..months_ahead LOOP
        m := hospay_month_start(now_at, i);
        next_m := hospay_month_start(now_at, i + 1);
        FOREACH parent IN ARRAY parents LOOP
            IF to_regclass(parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM')) IS NULL THEN
                IF parent = 'channel_attempt' THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF channel_attempt FOR VALUES FROM (%s) TO (%s)',
                        parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM'),
                        hospay_attempt_id_floor(m), hospay_attempt_id_floor(next_m));
                ELSE
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                        parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM'), parent, m, next_m);
                END IF;
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;

    FOR part IN
        SELECT c.relname AS child, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = ANY (parents) AND p.relnamespace = 'public'::regnamespace
    LOOP
        IF part.parent IN ('payment', 'payment_leg') THEN
            CONTINUE WHEN keep_payment_months <= 0;
            cutoff := hospay_month_start(now_at, -keep_payment_months);
        ELSE
            CONTINUE WHEN keep_months <= 0;
            cutoff := hospay_month_start(now_at, -keep_months);
        END IF;
        upper_bound := btrim(substring(part.bound FROM 'TO \((.*)\)$'), '''');
        IF part.parent = 'channel_attempt' THEN
            CONTINUE WHEN upper_bound::BIGINT > hospay_attempt_id_floor(cutoff);
        ELSE
            CONTINUE WHEN upper_bound::TIMESTAMPTZ > cutoff;
        END IF;
        IF part.parent = 'payment' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE status IN (''RECEIVED'', ''PROCESSING'', ''PENDING''))', part.child)
                INTO open_rows;
            CONTINUE WHEN open_rows;
        ELSIF part.parent = 'payment_leg' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE status IN (''PLANNED'', ''SENT'', ''PENDING'', ''UNKNOWN'', ''NEEDS_REVIEW''))',
                part.child) INTO open_rows;
            CONTINUE WHEN open_rows;
        END IF;
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', part.parent, part.child);
        detached := detached + 1;
    END LOOP;

    ahead := 0;
    WHILE ahead < 120 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM unnest(parents) p
            WHERE to_regclass(p || to_char(hospay_month_start(now_at, ahead + 1) AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM')) IS NULL);
        ahead := ahead + 1;
    END LOOP;
    RETURN NEXT;
END
$$;

SELECT hospay_partition_months(3, 0);

-- The copy writes the keys through the triggers above.
INSERT INTO payment SELECT * FROM payment_v22;
INSERT INTO payment_leg SELECT * FROM payment_leg_v22;

-- Every foreign key that pointed at the old tables now points at the keys, under its old name.
DO $$
DECLARE
    fk RECORD;
BEGIN
    FOR fk IN
        SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint
        WHERE contype = 'f' AND conparentid = 0 AND confrelid IN ('payment_v22'::regclass, 'payment_leg_v22'::regclass)
          AND conrelid <> 'payment_leg_v22'::regclass
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tbl, fk.conname,
            replace(replace(fk.def, 'REFERENCES payment_leg_v22(', 'REFERENCES payment_leg_key('),
                'REFERENCES payment_v22(', 'REFERENCES payment_key('));
    END LOOP;
END
$$;

DROP TABLE payment_leg_v22;
DROP TABLE payment_v22;

REVOKE ALL ON FUNCTION hospay_partition_months(INT, INT, TIMESTAMPTZ, INT) FROM PUBLIC;
DO $$
BEGIN
    IF '${app_user}' <> current_user THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION hospay_partition_months(INT, INT, TIMESTAMPTZ, INT) TO %I', '${app_user}');
    END IF;
END
$$;
