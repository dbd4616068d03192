INSERT INTO `tags` (`id`, `label`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `id` = `tags`.`id`
