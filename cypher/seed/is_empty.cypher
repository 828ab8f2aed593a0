MATCH (c:Chain) RETURN count(c) = 0 AS empty
