// Registers an endpoint, delivering the changes after place $after of feed $epoch.
CREATE (w:Webhook {id: $id, url: $url, description: $description, stream: $stream,
                   kinds: $kinds,
                   chain: $chain, region: $region, owner: $owner, secret: $secret,
                   state: 'active', paused_reason: null, epoch: $epoch, after: $after,
                   attempts: 0, delivered: 0, created_at: datetime(), created_by: $by_key})
RETURN w.id AS id
