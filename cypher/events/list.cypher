// The events reported on organisation $org, the latest first.
MATCH (e:Event)-[:ABOUT]->(:Organisation {id: $org})
RETURN e {.id, .kind, .severity, .note, .reported_by_owner,
          occurred_on: toString(e.occurred_on), reported_at: toString(e.reported_at),
          source: {outlet: e.source_outlet, title: e.source_title, url: e.source_url,
                   published_on: toString(e.source_published_on)}} AS event
ORDER BY e.occurred_on DESC, e.reported_at DESC
