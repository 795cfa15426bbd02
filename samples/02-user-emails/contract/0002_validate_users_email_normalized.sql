-- Step 2: scan the existing rows under SHARE UPDATE EXCLUSIVE; reads and writes
-- go on meanwhile. Its own file, so it commits separately from step 1.
ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;
