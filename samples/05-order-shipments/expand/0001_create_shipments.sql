-- Release 5: an order can ship in several parcels. Carrier and tracking number
-- move from orders to a new shipments table.
--
-- shipments.order_id gets its foreign key in contract, not here: a foreign key
-- also binds the parent, and release 4 nodes, which know nothing of shipments,
-- could no longer delete an order that has one.
CREATE TABLE shipments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id        bigint      NOT NULL,
    carrier         text        NOT NULL,
    tracking_number text        NOT NULL,
    shipped_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    CONSTRAINT shipments_carrier_tracking_key UNIQUE (carrier, tracking_number)
);

-- shipments is new: nothing writes it yet, so a plain CREATE INDEX is fine.
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
