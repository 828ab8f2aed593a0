MATCH ()-[r:__REL__ {id: $id}]->()
SET r.verified = true
