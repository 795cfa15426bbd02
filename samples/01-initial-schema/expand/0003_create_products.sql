CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    price_cents integer     NOT NULL,
    stock       integer     NOT NULL DEFAULT 0,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_sku_key UNIQUE (sku),
    CONSTRAINT products_price_nonnegative CHECK (price_cents >= 0),
    CONSTRAINT products_stock_nonnegative CHECK (stock >= 0)
);

CREATE INDEX products_name_idx ON products (name);
CREATE INDEX products_active_idx ON products (id) WHERE active;
