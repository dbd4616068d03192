INSERT INTO `tags` (`id`, `label`) SELECT `users`.`id`, `users`.`name` FROM `users` ON DUPLICATE KEY UPDATE `id` = `tags`.`id`
