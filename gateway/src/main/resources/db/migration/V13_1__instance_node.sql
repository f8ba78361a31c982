-- Per-instance ids leased from PostgreSQL (ops.InstanceNode): the insurance msgid node of each running gateway.
-- A row is held while lease_until is in the future; the holder renews it, and a stopped or dead instance's
-- node is free again once its lease has ended. The primary key makes two holders of one node impossible.
CREATE TABLE instance_node (
    node         INT          PRIMARY KEY CHECK (node >= 0 AND node < 100),
    owner        VARCHAR(128) NOT NULL,
    lease_until  TIMESTAMPTZ  NOT NULL,
    acquired_at  TIMESTAMPTZ  NOT NULL
);
