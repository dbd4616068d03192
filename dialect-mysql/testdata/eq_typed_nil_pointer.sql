SELECT `users`.`name` FROM `users` WHERE (`users`.`age` IS NULL OR `users`.`age` = ?) AND `users`.`email` IS NOT NULL ORDER BY `users`.`id`
