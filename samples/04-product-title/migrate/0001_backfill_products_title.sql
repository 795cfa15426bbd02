-- Copy name into title for the rows written before the trigger existed.
-- The catalogue has about 40,000 products: batches of 10,000 ids, each
-- statement committed on its own.
SET statement_timeout = '60s';

UPDATE products SET title = name WHERE id BETWEEN 1 AND 10000 AND title IS NULL;
UPDATE products SET title = name WHERE id BETWEEN 10001 AND 20000 AND title IS NULL;
UPDATE products SET title = name WHERE id BETWEEN 20001 AND 30000 AND title IS NULL;
UPDATE products SET title = name WHERE id BETWEEN 30001 AND 40000 AND title IS NULL;
UPDATE products SET title = name WHERE id BETWEEN 40001 AND 50000 AND title IS NULL;
