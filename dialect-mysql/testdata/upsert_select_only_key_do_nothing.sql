INSERT INTO `nodes` (`id`, `label`) SELECT `users`.`id`, `users`.`name` FROM `users` ON DUPLICATE KEY UPDATE `id` = `nodes`.`id`
