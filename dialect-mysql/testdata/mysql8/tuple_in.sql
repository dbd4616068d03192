SELECT `users`.`id` FROM `users` WHERE (`users`.`id`, `users`.`name`) IN ((?, ?), (?, ?), (?, ?)) ORDER BY `users`.`id`
