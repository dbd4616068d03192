SELECT `users`.`name` FROM `users` WHERE `users`.`id` <= ? UNION SELECT `tags`.`label` FROM `tags` WHERE `tags`.`id` = ? ORDER BY `name`
