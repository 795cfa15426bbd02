-- Orders placed before release 3 were billed to their shipping address.
-- Batches of 50,000 ids, each statement committed on its own.
SET statement_timeout = '60s';

UPDATE orders SET billing_address_id = shipping_address_id
 WHERE id BETWEEN 1 AND 50000
   AND billing_address_id IS NULL AND shipping_address_id IS NOT NULL;
UPDATE orders SET billing_address_id = shipping_address_id
 WHERE id BETWEEN 50001 AND 100000
   AND billing_address_id IS NULL AND shipping_address_id IS NOT NULL;
UPDATE orders SET billing_address_id = shipping_address_id
 WHERE id BETWEEN 100001 AND 150000
   AND billing_address_id IS NULL AND shipping_address_id IS NOT NULL;
UPDATE orders SET billing_address_id = shipping_address_id
 WHERE id BETWEEN 150001 AND 200000
   AND billing_address_id IS NULL AND shipping_address_id IS NOT NULL;
