INSERT INTO `tags` (`id`, `label`) SELECT DISTINCT `users`.`id`, `users`.`name` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` ON DUPLICATE KEY UPDATE `id` = `tags`.`id`
