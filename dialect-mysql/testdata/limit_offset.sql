SELECT `users`.`name` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?
