-- Views, triggers, procedures, functions and events, with the client's DELIMITER.
CREATE TABLE accounts (id INT PRIMARY KEY, balance DECIMAL(10, 2) NOT NULL DEFAULT 0, updated_at DATETIME);
CREATE VIEW v_accounts AS SELECT id, balance FROM accounts;
CREATE OR REPLACE ALGORITHM=MERGE DEFINER=CURRENT_USER SQL SECURITY INVOKER VIEW v_rich (id) AS
  SELECT id FROM accounts WHERE balance > 1000 WITH CHECK OPTION;
ALTER VIEW v_accounts AS SELECT id FROM accounts;
DROP VIEW IF EXISTS v_rich, v_accounts;
DELIMITER $$
CREATE TRIGGER trg_accounts_bu BEFORE UPDATE ON accounts FOR EACH ROW
BEGIN
  SET NEW.updated_at = NOW();
  IF NEW.balance < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative; balance';
  END IF;
END$$
CREATE PROCEDURE backfill(IN batch INT)
BEGIN
  DECLARE done INT DEFAULT 0;
  WHILE done = 0 DO
    UPDATE accounts SET balance = 0 WHERE balance IS NULL LIMIT batch;
    IF ROW_COUNT() = 0 THEN SET done = 1; END IF;
  END WHILE;
END $$
CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN x + 1;
END$$
DELIMITER ;
CREATE DEFINER=`root`@`localhost` TRIGGER trg_accounts_ai AFTER INSERT ON accounts FOR EACH ROW SET @n = NEW.id;
CREATE EVENT IF NOT EXISTS ev_cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM accounts WHERE balance = 0;
DELIMITER //
CREATE EVENT ev_two ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 HOUR DO
BEGIN
  DELETE FROM accounts WHERE id < 0;
  UPDATE accounts SET balance = balance;
END //
DELIMITER ;
CALL backfill(100);
SELECT add_one(1);
DROP TRIGGER IF EXISTS trg_accounts_bu;
DROP TRIGGER trg_accounts_ai;
DROP PROCEDURE IF EXISTS backfill;
DROP FUNCTION add_one;
DROP EVENT IF EXISTS ev_cleanup;
DROP EVENT ev_two;
CREATE DATABASE IF NOT EXISTS rollsafe_extra CHARACTER SET utf8mb4;
CREATE SCHEMA rollsafe_extra2 DEFAULT COLLATE utf8mb4_bin;
DROP DATABASE rollsafe_extra2;
DROP SCHEMA IF EXISTS rollsafe_extra;
