-- Nothing searches by name any more. Drop its index without locking products
-- (outside a transaction block), rather than as a side effect of DROP COLUMN
-- under ACCESS EXCLUSIVE.
DROP INDEX CONCURRENTLY products_name_idx;
