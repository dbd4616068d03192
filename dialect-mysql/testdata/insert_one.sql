INSERT INTO `users` (`id`, `name`, `email`, `age`, `status`, `score`) VALUES (?, ?, ?, ?, ?, ?)
