DELETE `orders` FROM `orders`, `users` WHERE `orders`.`user_id` = `users`.`id` AND `users`.`name` = ?
