-- Step 2: scans under SHARE UPDATE EXCLUSIVE, reads and writes go on.
ALTER TABLE products VALIDATE CONSTRAINT products_title_not_null;
