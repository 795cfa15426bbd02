-- Checks the existing rows under SHARE UPDATE EXCLUSIVE (and ROW SHARE on
-- addresses): reads and writes of both tables go on meanwhile.
ALTER TABLE orders VALIDATE CONSTRAINT orders_billing_address_id_fkey;
