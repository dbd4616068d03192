SELECT `users`.`id`, `users`.`name` FROM `users` ORDER BY `users`.`id` LIMIT ?
