-- One shipment per order that release 4 shipped. Batches of 50,000 order ids,
-- each statement committed on its own; NOT EXISTS makes a rerun harmless, and
-- skips orders whose shipment a release 5 node already recorded.
SET statement_timeout = '60s';

INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at)
SELECT o.id, o.carrier, o.tracking_number, coalesce(o.shipped_at, o.placed_at)
  FROM orders o
 WHERE o.id BETWEEN 1 AND 50000
   AND o.tracking_number IS NOT NULL AND o.carrier IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
ON CONFLICT (carrier, tracking_number) DO NOTHING;

INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at)
SELECT o.id, o.carrier, o.tracking_number, coalesce(o.shipped_at, o.placed_at)
  FROM orders o
 WHERE o.id BETWEEN 50001 AND 100000
   AND o.tracking_number IS NOT NULL AND o.carrier IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
ON CONFLICT (carrier, tracking_number) DO NOTHING;

INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at)
SELECT o.id, o.carrier, o.tracking_number, coalesce(o.shipped_at, o.placed_at)
  FROM orders o
 WHERE o.id BETWEEN 100001 AND 150000
   AND o.tracking_number IS NOT NULL AND o.carrier IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
ON CONFLICT (carrier, tracking_number) DO NOTHING;

INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at)
SELECT o.id, o.carrier, o.tracking_number, coalesce(o.shipped_at, o.placed_at)
  FROM orders o
 WHERE o.id BETWEEN 150001 AND 200000
   AND o.tracking_number IS NOT NULL AND o.carrier IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
ON CONFLICT (carrier, tracking_number) DO NOTHING;
