CREATE TABLE payments (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id           bigint      NOT NULL REFERENCES orders (id),
    provider           text        NOT NULL,
    provider_reference text,
    amount_cents       integer     NOT NULL,
    status             text        NOT NULL DEFAULT 'pending',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_status_check
        CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded'))
);

CREATE INDEX payments_order_id_idx ON payments (order_id);
