SELECT ? AS "i", ? AS "big", ? AS "s", ? AS "f", ? AS "b", ? + ? AS "sum"
