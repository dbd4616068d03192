SELECT label FROM tags WHERE id = ?
