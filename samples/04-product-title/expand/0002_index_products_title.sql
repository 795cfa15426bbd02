-- Release 4 searches and sorts by title. Outside a transaction block.
CREATE INDEX CONCURRENTLY products_title_idx ON products (title);
