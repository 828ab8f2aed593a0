// The changes after place $after up to $upto, with what alerts are raised from: who made each,
// the organisations it is about, and the chains, links and regions it is placed in.
MATCH (c:Change)
WHERE c.seq > $after AND c.seq <= $upto
RETURN c {.seq, .target_id, .target_kind, .action, .by_key, .changes,
          about: coalesce(c.about, []), chains: coalesce(c.chains, []),
          links: coalesce(c.links, []), regions: coalesce(c.regions, [])} AS change
ORDER BY c.seq
