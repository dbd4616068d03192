SELECT `users`.`status` FROM `users` WHERE `users`.`id` <= ? UNION ALL SELECT `users`.`status` FROM `users` WHERE `users`.`id` = ? ORDER BY `status` LIMIT ?
