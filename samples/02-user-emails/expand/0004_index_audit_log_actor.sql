-- The new "account activity" page lists a user's audit entries, newest first.
CREATE INDEX CONCURRENTLY audit_log_actor_user_id_created_at_idx
    ON audit_log (actor_user_id, created_at DESC);
