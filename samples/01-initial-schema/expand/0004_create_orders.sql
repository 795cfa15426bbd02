CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE orders (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id             bigint       NOT NULL REFERENCES users (id),
    status              order_status NOT NULL DEFAULT 'pending',
    shipping_address_id bigint       REFERENCES addresses (id),
    total_cents         integer      NOT NULL DEFAULT 0,
    -- Release 1 ships every order in one parcel; release 5 moves these to shipments.
    carrier             text,
    tracking_number     text,
    placed_at           timestamptz  NOT NULL DEFAULT now(),
    shipped_at          timestamptz
);

CREATE INDEX orders_user_id_placed_at_idx ON orders (user_id, placed_at DESC);
CREATE INDEX orders_status_idx ON orders (status) WHERE status IN ('pending', 'paid');
CREATE INDEX orders_tracking_number_idx ON orders (tracking_number);

CREATE TABLE order_items (
    order_id         bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       bigint  NOT NULL REFERENCES products (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE INDEX order_items_product_id_idx ON order_items (product_id);
