-- Needed before the foreign key exists: deleting an address must find the
-- orders that bill to it without scanning orders.
CREATE INDEX CONCURRENTLY orders_billing_address_id_idx ON orders (billing_address_id);
