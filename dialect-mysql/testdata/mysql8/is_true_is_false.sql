SELECT `users`.`name`, (`users`.`age` > ?) IS TRUE AS `t`, (`users`.`age` > ?) IS FALSE AS `f` FROM `users` ORDER BY `users`.`id`
