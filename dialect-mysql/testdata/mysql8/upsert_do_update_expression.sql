INSERT INTO `users` (`id`, `name`, `status`, `score`) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `score` = `users`.`score` + VALUES(`score`)
