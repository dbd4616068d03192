INSERT INTO `users` (`name`, `status`) VALUES (?, ?) RETURNING `name`, `status`
