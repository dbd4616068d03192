INSERT INTO `nodes` (`id`, `label`) VALUES (?, ?), (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `label` = VALUES(`label`)
