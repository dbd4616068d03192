UPDATE `users`, `orders` SET `users`.`score` = `orders`.`amount` WHERE `orders`.`user_id` = `users`.`id` AND `orders`.`id` = ?
