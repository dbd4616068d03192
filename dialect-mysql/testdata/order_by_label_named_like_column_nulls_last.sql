SELECT `users`.`id`, nullif(`users`.`status`, ?) AS `name` FROM `users` ORDER BY nullif(`users`.`status`, ?) IS NULL, 2, `users`.`id`
