-- No node reads or writes products.name any more. The trigger goes first: it
-- names the column.
SET lock_timeout = '2s';

DROP TRIGGER products_sync_name_title ON products;
DROP FUNCTION products_sync_name_title();
ALTER TABLE products DROP COLUMN name;
