// The label placeholder is the kind's (Enterprise or RdSource), from the Rust OrgKind.
MATCH (o:__LABEL__)
WHERE o.id > $after_id
