INSERT INTO `tags` (`id`, `label`) VALUES (?, ?), (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `label` = VALUES(`label`)
