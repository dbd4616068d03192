INSERT INTO `users` (`name`, `email`, `status`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `email` = `users`.`email`
