SELECT name FROM users WHERE id = $1 OR name = $2 ORDER BY id
