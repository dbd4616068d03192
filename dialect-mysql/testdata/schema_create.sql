CREATE TABLE `users` (`id` BIGINT AUTO_INCREMENT NOT NULL, `name` VARCHAR(100) NOT NULL, `email` VARCHAR(200) UNIQUE, `age` INT, `status` VARCHAR(63) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (`status` IN ('active', 'banned')), `score` INT, PRIMARY KEY (`id`));
CREATE INDEX `ix_users_name` ON `users` (`name`);
CREATE TABLE `tags` (`id` INT NOT NULL, `label` VARCHAR(50) NOT NULL UNIQUE, PRIMARY KEY (`id`));
CREATE TABLE `nodes` (`id` INT NOT NULL, `parent_id` INT, `label` VARCHAR(50) NOT NULL, PRIMARY KEY (`id`), FOREIGN KEY (`parent_id`) REFERENCES `nodes` (`id`));
CREATE TABLE `scratch` (`id` INT AUTO_INCREMENT NOT NULL, `price` DECIMAL(10,2) NOT NULL DEFAULT 0, `ratio` DOUBLE, `flag` BOOLEAN, `born` DATE, `at` DATETIME(6), `at_tz` DATETIME(6), `clock` TIME(6), `blob` LONGBLOB, `doc` JSON, `uid` CHAR(36), `small` SMALLINT, `f` FLOAT, `code` VARCHAR(20), PRIMARY KEY (`id`), CONSTRAINT `uq_scratch_code_small` UNIQUE (`code`, `small`));
CREATE INDEX `ix_scratch_code` ON `scratch` (`code`);
CREATE TABLE `events` (`id` INT NOT NULL, `at` DATETIME(6) NOT NULL, `label` VARCHAR(20) NOT NULL, PRIMARY KEY (`id`));
CREATE TABLE `orders` (`id` BIGINT AUTO_INCREMENT NOT NULL, `user_id` BIGINT NOT NULL, `amount` INT NOT NULL, `note` LONGTEXT, PRIMARY KEY (`id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `ck_orders_amount` CHECK (amount >= 0));
CREATE TABLE `user_tags` (`user_id` BIGINT NOT NULL, `tag_id` INT NOT NULL, PRIMARY KEY (`user_id`, `tag_id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `fk_user_tags_tag` FOREIGN KEY (`tag_id`) REFERENCES `tags` (`id`))
