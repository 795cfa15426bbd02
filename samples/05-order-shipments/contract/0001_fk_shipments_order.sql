-- Every node runs release 5. shipments has served traffic since expand and
-- holds the copied rows, so the foreign key is added NOT VALID (no scan under
-- SHARE ROW EXCLUSIVE on shipments and orders) and validated separately.
SET lock_timeout = '2s';

ALTER TABLE shipments
    ADD CONSTRAINT shipments_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE NOT VALID;
