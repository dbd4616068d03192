SELECT CONCAT(CONCAT(`users`.`name`, ?), `users`.`status`) AS `tag` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`
