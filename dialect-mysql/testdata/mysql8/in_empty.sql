SELECT `users`.`name` FROM `users` WHERE (1 = 0 OR `users`.`name` = ?) AND 1 = 1 ORDER BY `users`.`id`
