-- Every node runs release 4 and the backfill is done.
-- NOT NULL for products.title without an ACCESS EXCLUSIVE scan, step 1:
SET lock_timeout = '2s';

ALTER TABLE products
    ADD CONSTRAINT products_title_not_null CHECK (title IS NOT NULL) NOT VALID;
