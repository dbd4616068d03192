SELECT `users`.`name`, `orders`.`amount` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `orders`.`id` = ? FOR UPDATE OF `orders` SKIP LOCKED
