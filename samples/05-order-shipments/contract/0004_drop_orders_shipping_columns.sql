-- Release 5 reads and writes carrier and tracking numbers in shipments only;
-- no release 4 node is left. Dropping a column only marks it dropped in the
-- catalog: the ACCESS EXCLUSIVE lock is brief, but must not queue traffic.
SET lock_timeout = '2s';

ALTER TABLE orders
    DROP COLUMN carrier,
    DROP COLUMN tracking_number;
