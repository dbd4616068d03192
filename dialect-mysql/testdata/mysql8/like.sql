SELECT `users`.`name` FROM `users` WHERE `users`.`email` LIKE ? AND `users`.`name` NOT LIKE ? ORDER BY `users`.`id`
