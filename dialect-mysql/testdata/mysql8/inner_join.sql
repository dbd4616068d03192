SELECT `users`.`name`, `orders`.`amount` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `orders`.`amount` > ? ORDER BY `orders`.`amount`
