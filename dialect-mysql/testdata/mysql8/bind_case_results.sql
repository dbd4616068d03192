SELECT `users`.`name`, CASE WHEN `users`.`age` < ? THEN ? ELSE ? END AS `minor`, CASE `users`.`status` WHEN ? THEN ? ELSE ? END AS `ok` FROM `users` ORDER BY `users`.`id`
