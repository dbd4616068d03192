SELECT CASE WHEN `users`.`age` < ? THEN `users`.`name` ELSE `users`.`email` END AS `contact` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`
