SELECT `users`.`name` FROM `users` WHERE (`users`.`email` IS NULL OR `users`.`age` IS NULL) AND `users`.`score` IS NOT NULL ORDER BY `users`.`id`
