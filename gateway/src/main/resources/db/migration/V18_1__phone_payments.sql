-- Phone payment of outpatient bills (docs/architecture.md §15): the mobile insurance order (6201) a payment's
-- insurance leg pays (6202), queries (6301), refunds (6203) or revokes (6401). The pay token authorises paying the
-- order, so it is sealed like an identity number.
CREATE TABLE payment_mobile_order (
    payment_id     UUID         PRIMARY KEY REFERENCES payment (payment_id),
    pay_ord_id     VARCHAR(64)  NOT NULL UNIQUE,
    pay_token_enc  BYTEA        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
