SELECT label FROM tags WHERE id = $1
