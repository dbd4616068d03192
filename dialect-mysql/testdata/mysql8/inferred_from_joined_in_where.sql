SELECT `users`.`name`, `orders`.`amount` FROM `users`, `orders` WHERE `orders`.`user_id` = `users`.`id` AND `orders`.`amount` > ? ORDER BY `orders`.`amount`
