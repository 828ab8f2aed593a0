// An event reported on organisation $org (with the report that states it).
MATCH (o:Organisation {id: $org})
CREATE (e:Event {id: $id, kind: $kind, occurred_on: date($occurred_on), severity: $severity,
                 source_outlet: $outlet, source_title: $title, source_url: $url,
                 source_published_on: CASE WHEN $published_on IS NULL THEN null
                                           ELSE date($published_on) END,
                 note: $note, reported_by_key: $by_key, reported_by_owner: $by_owner,
                 reported_at: datetime()})-[:ABOUT]->(o)
RETURN e.id AS id
