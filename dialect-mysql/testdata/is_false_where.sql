SELECT `users`.`name` FROM `users` WHERE (`users`.`age` < ?) IS FALSE ORDER BY `users`.`id`
