-- Lexing: every token form a MySQL/MariaDB migration uses. Each statement here
-- is valid MariaDB 10.11 syntax; the differential test checks we agree.
# a hash comment
-- a dash-dash comment (with the space it needs)
/* a block comment; with a semicolon inside */
CREATE TABLE `order items` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `select` VARCHAR(32) NOT NULL DEFAULT 'it''s \'quoted\' \\ and \n escaped',
  `name``with``ticks` VARCHAR(32) DEFAULT "double \"quoted\" ""string""",
  `hex` VARBINARY(16) DEFAULT x'DEADBEEF',
  `hex2` VARBINARY(16) DEFAULT 0xCAFE,
  `bits` BIT(8) DEFAULT b'1010',
  `bits2` BIT(8) DEFAULT 0b0101,
  `intro` VARCHAR(16) CHARACTER SET utf8mb4 DEFAULT _utf8mb4'x',
  `intro2` VARCHAR(16) DEFAULT _latin1 'y' COLLATE latin1_swedish_ci,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET @saved_cs_client = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
/*!80013 SET @x = 1 */;
/*M!100500 SET @y = 2 */;
SET @a = 1, @`quoted var` = 'v', @@session.sql_mode = 'STRICT_TRANS_TABLES';
SET @@SESSION.foreign_key_checks = 0;
SET @b := @a + 1;
select 1 + 2, 'a' 'b' 'c', N'national', 1.5e3, .5, 3.;
SeLeCt `status`, status, `comment`, `key` FROM `order items` WHERE `id` = 1 # trailing hash
;
CREATE TABLE status (status INT, comment TEXT, `key` INT, data JSON, `value` INT, position INT, action INT);
SELECT 1 -- comment at the end of a line
+ 1;
SELECT 1 --1;
SELECT 'a;b', "c;d", `e;f` FROM DUAL;
/*!50003 CREATE TABLE versioned (id INT) */;
SELECT @@version, @@global.max_connections, @@local.wait_timeout;
