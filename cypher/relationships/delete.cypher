MATCH ()-[r:__REL__ {id: $id}]->()
DELETE r
