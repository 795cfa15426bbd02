-- Customers who have paid for an order have proven that their address works:
-- mark them verified. Batched by id range like every backfill.
SET statement_timeout = '60s';

UPDATE users u SET email_verified = true
 WHERE u.id BETWEEN 1 AND 10000
   AND NOT u.email_verified
   AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status <> 'pending');
UPDATE users u SET email_verified = true
 WHERE u.id BETWEEN 10001 AND 20000
   AND NOT u.email_verified
   AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status <> 'pending');
UPDATE users u SET email_verified = true
 WHERE u.id BETWEEN 20001 AND 30000
   AND NOT u.email_verified
   AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status <> 'pending');
UPDATE users u SET email_verified = true
 WHERE u.id BETWEEN 30001 AND 40000
   AND NOT u.email_verified
   AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status <> 'pending');
