-- Only release 5 writes the new status. Adding an enum value does not touch
-- the orders table. (PostgreSQL 12+ allows this inside a transaction block, but
-- the value cannot be used until that transaction commits.)
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'partially_shipped' AFTER 'paid';
