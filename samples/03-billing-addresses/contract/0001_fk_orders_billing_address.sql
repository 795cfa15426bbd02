-- Every node runs release 3, which never deletes an address that an order
-- bills to. NOT VALID: the constraint applies to new and changed rows at once,
-- without scanning orders while holding SHARE ROW EXCLUSIVE on orders and
-- addresses.
SET lock_timeout = '2s';

ALTER TABLE orders
    ADD CONSTRAINT orders_billing_address_id_fkey
    FOREIGN KEY (billing_address_id) REFERENCES addresses (id) NOT VALID;
