-- Channel attempts and payment transitions, partitioned by month (docs/scale.md §4). They are the rows a payment
-- writes most of (≈ 5.4 of its ≈ 10) and the ones kept online shortest (3 months): a month is dropped or archived
-- by detaching one partition instead of a DELETE and the vacuum after it. Months are Beijing time.
--
-- payment_transition has no key: it is partitioned by its own time (at). channel_attempt's key, attempt_id, is
-- updated by id when the call answers, so the key itself carries the time: from now on an attempt id is
-- (milliseconds since 1970 << 16) | (sequence & 0xFFFF), i.e. increasing, unique and ranged by month, and the
-- primary key stays one column. Every id written before this migration is a small sequence number and lies in the
-- partition channel_attempt_before, like every transition before this month in payment_transition_before.
--
-- Partitions are made ahead by hospay_partition_months(), which the gateway calls at start and every few hours
-- (ops/LogPartitions); it runs as the schema owner, since the application's user has no DDL rights.
-- payment and payment_leg stay unpartitioned (docs/scale.md §4 says why).

CREATE FUNCTION hospay_attempt_id_floor(ts TIMESTAMPTZ) RETURNS BIGINT LANGUAGE sql IMMUTABLE
    AS $$ SELECT floor(extract(EPOCH FROM ts) * 1000)::BIGINT << 16 $$;

-- The first day of the month `months` after the one `ts` lies in, midnight Beijing time.
CREATE FUNCTION hospay_month_start(ts TIMESTAMPTZ, months INT) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE
    AS $$ SELECT (date_trunc('month', ts AT TIME ZONE 'Asia/Shanghai') + make_interval(months => months)) AT TIME ZONE 'Asia/Shanghai' $$;

ALTER TABLE channel_attempt RENAME TO channel_attempt_v21;
ALTER TABLE channel_attempt_v21 RENAME CONSTRAINT channel_attempt_pkey TO channel_attempt_v21_pkey;
ALTER INDEX channel_attempt_by_payment RENAME TO channel_attempt_v21_by_payment;
ALTER SEQUENCE channel_attempt_attempt_id_seq OWNED BY NONE;
ALTER TABLE channel_attempt_v21 ALTER COLUMN attempt_id DROP DEFAULT;

CREATE TABLE channel_attempt (
    -- hospay_attempt_id_floor(clock_timestamp()) | (sequence & 0xFFFF), written out: a plain expression costs less per row
    attempt_id        BIGINT       NOT NULL DEFAULT (floor(extract(EPOCH FROM clock_timestamp()) * 1000)::BIGINT << 16)
                                                    | (nextval('channel_attempt_attempt_id_seq') & 65535),
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    leg_id            UUID         REFERENCES payment_leg (leg_id),
    channel           VARCHAR(16)  NOT NULL,
    operation         VARCHAR(32)  NOT NULL,
    request_id        VARCHAR(64)  NOT NULL,
    outcome           VARCHAR(16)  NOT NULL DEFAULT 'SENT',
    detail            VARCHAR(500),
    sent_at           TIMESTAMPTZ  NOT NULL,
    answered_at       TIMESTAMPTZ,
    PRIMARY KEY (attempt_id)
) PARTITION BY RANGE (attempt_id);
CREATE INDEX channel_attempt_by_payment ON channel_attempt (payment_id);
ALTER SEQUENCE channel_attempt_attempt_id_seq OWNED BY channel_attempt.attempt_id;

ALTER TABLE payment_transition RENAME TO payment_transition_v21;
ALTER INDEX payment_transition_by_payment RENAME TO payment_transition_v21_by_payment;

CREATE TABLE payment_transition (
    payment_id        UUID         NOT NULL REFERENCES payment (payment_id),
    at                TIMESTAMPTZ  NOT NULL,
    from_status       VARCHAR(24),
    to_status         VARCHAR(24)  NOT NULL,
    stage             VARCHAR(32)  NOT NULL,
    note              VARCHAR(500)
) PARTITION BY RANGE (at);
CREATE INDEX payment_transition_by_payment ON payment_transition (payment_id, at);

DO $$
DECLARE
    this_month CONSTANT TIMESTAMPTZ := hospay_month_start(now(), 0);
BEGIN
    EXECUTE format('CREATE TABLE channel_attempt_before PARTITION OF channel_attempt FOR VALUES FROM (MINVALUE) TO (%s)',
        hospay_attempt_id_floor(this_month));
    EXECUTE format('CREATE TABLE payment_transition_before PARTITION OF payment_transition FOR VALUES FROM (MINVALUE) TO (%L)',
        this_month);
END
$$;

-- Creates the partitions of this month and the next `months_ahead` ones where missing; with keep_months > 0,
-- detaches the partitions wholly older than that many months before this one (they stay in the database as
-- plain tables, for the archive: docs/operations.md §9). `now_at` is "now" (tests move it). Returns what it did and how
-- many months after this one both tables cover. Runs as its owner; one caller at a time.
CREATE FUNCTION hospay_partition_months(months_ahead INT, keep_months INT, now_at TIMESTAMPTZ DEFAULT now())
    RETURNS TABLE (created INT, detached INT, ahead INT)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    parent TEXT;
    m TIMESTAMPTZ;
    next_m TIMESTAMPTZ;
    part RECORD;
    upper_bound TEXT;
    cutoff TIMESTAMPTZ;
    older BOOLEAN;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('hospay_partition_months'));
    created := 0;
    detached := 0;
    FOR i IN 0..months_ahead LOOP
        m := hospay_month_start(now_at, i);
        next_m := hospay_month_start(now_at, i + 1);
        FOREACH parent IN ARRAY ARRAY['channel_attempt', 'payment_transition'] LOOP
            IF to_regclass(parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM')) IS NULL THEN
                IF parent = 'channel_attempt' THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF channel_attempt FOR VALUES FROM (%s) TO (%s)',
                        parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM'),
                        hospay_attempt_id_floor(m), hospay_attempt_id_floor(next_m));
                ELSE
                    EXECUTE format('CREATE TABLE %I PARTITION OF payment_transition FOR VALUES FROM (%L) TO (%L)',
                        parent || to_char(m AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM'), m, next_m);
                END IF;
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;

    IF keep_months > 0 THEN
        cutoff := hospay_month_start(now_at, -keep_months);
        FOR part IN
            SELECT c.relname AS child, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname IN ('channel_attempt', 'payment_transition') AND p.relnamespace = 'public'::regnamespace
        LOOP
            upper_bound := btrim(substring(part.bound FROM 'TO \((.*)\)$'), '''');
            IF part.parent = 'channel_attempt' THEN
                older := upper_bound::BIGINT <= hospay_attempt_id_floor(cutoff);
            ELSE
                older := upper_bound::TIMESTAMPTZ <= cutoff;
            END IF;
            IF older THEN
                EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', part.parent, part.child);
                detached := detached + 1;
            END IF;
        END LOOP;
    END IF;

    ahead := 0;
    WHILE to_regclass('channel_attempt' || to_char(hospay_month_start(now_at, ahead + 1) AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM')) IS NOT NULL
        AND to_regclass('payment_transition' || to_char(hospay_month_start(now_at, ahead + 1) AT TIME ZONE 'Asia/Shanghai', '_YYYY_MM')) IS NOT NULL
        AND ahead < 120 LOOP
        ahead := ahead + 1;
    END LOOP;
    RETURN NEXT;
END
$$;

SELECT hospay_partition_months(3, 0);

INSERT INTO channel_attempt SELECT * FROM channel_attempt_v21;
INSERT INTO payment_transition SELECT * FROM payment_transition_v21;
DROP TABLE channel_attempt_v21;
DROP TABLE payment_transition_v21;

-- Only the application's user (and the owner) may make or detach partitions.
REVOKE ALL ON FUNCTION hospay_partition_months(INT, INT, TIMESTAMPTZ) FROM PUBLIC;
DO $$
BEGIN
    IF '${app_user}' <> current_user THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION hospay_partition_months(INT, INT, TIMESTAMPTZ) TO %I', '${app_user}');
    END IF;
END
$$;
