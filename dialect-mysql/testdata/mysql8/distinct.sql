SELECT DISTINCT `users`.`status` FROM `users` ORDER BY `users`.`status`
