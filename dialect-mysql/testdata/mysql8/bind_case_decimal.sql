SELECT `users`.`name`, CASE WHEN `users`.`id` = ? THEN ? ELSE ? END AS `d` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`
