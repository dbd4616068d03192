SELECT `users`.`name` FROM `users` WHERE `users`.`age` > ? AND `users`.`status` = ? ORDER BY `users`.`id`
