SELECT `orders`.`user_id` FROM `orders` EXCEPT ALL SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`amount` > ? ORDER BY `user_id`
