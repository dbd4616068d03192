SELECT name FROM users WHERE id = ? OR name = ? ORDER BY id
