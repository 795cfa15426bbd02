-- The v2 provider's webhooks look payments up by provider_reference.
--
-- DELIBERATELY UNSAFE (walkthrough): CREATE INDEX without CONCURRENTLY holds a
-- SHARE lock on payments for the whole build, so every INSERT and UPDATE of
-- payments (that is: checkout) waits until it ends.
-- Safe form: CREATE INDEX CONCURRENTLY, outside a transaction block.
CREATE INDEX payments_provider_reference_idx ON payments (provider_reference);
