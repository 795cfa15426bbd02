-- Release 3: orders get a billing address of their own.
-- The column is nullable and stays so: there is no address id that could serve
-- as a DEFAULT, and NULL means "bill to the shipping address", which is what
-- release 2 nodes mean when they insert orders during the rollout.
-- No foreign key yet: release 2 nodes may delete addresses that new orders
-- bill to. It is added NOT VALID and validated in contract.
SET lock_timeout = '2s';

ALTER TABLE orders ADD COLUMN billing_address_id bigint;
