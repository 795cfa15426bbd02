-- Step 4: no release 1 node is left, and release 2 writes email_normalized
-- itself on every INSERT and change of email. The trigger only covered old
-- nodes during the rollout: drop it and its function.
SET lock_timeout = '2s';

DROP TRIGGER users_set_email_normalized ON users;
DROP FUNCTION users_set_email_normalized();
