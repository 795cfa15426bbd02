-- Outside a transaction block: drop the index without locking orders.
DROP INDEX CONCURRENTLY orders_tracking_number_idx;
