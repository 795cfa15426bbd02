-- Release 4: products.name becomes products.title.
-- RENAME COLUMN would break every query of the nodes still on release 3, so the
-- rename is done in steps:
--   expand:   add title, and a trigger that keeps name and title in step
--             whichever release writes the row;
--   migrate:  copy name into title for the old rows;
--   contract: make title NOT NULL, drop the trigger, then drop name.
SET lock_timeout = '2s';

ALTER TABLE products ADD COLUMN title text;

CREATE FUNCTION products_sync_name_title() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Release 3 inserts name only, release 4 inserts title only.
        NEW.title := coalesce(NEW.title, NEW.name);
        NEW.name  := coalesce(NEW.name, NEW.title);
    ELSIF NEW.name IS DISTINCT FROM OLD.name
          AND NEW.title IS NOT DISTINCT FROM OLD.title THEN
        NEW.title := NEW.name;   -- renamed by a release 3 node
    ELSIF NEW.title IS DISTINCT FROM OLD.title
          AND NEW.name IS NOT DISTINCT FROM OLD.name THEN
        NEW.name := NEW.title;   -- renamed by a release 4 node (or the backfill)
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER products_sync_name_title
    BEFORE INSERT OR UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION products_sync_name_title();
