// One security-relevant event: who (the key that acted, or the key id a failed attempt named),
// what, to what, when and from which address.
CREATE (:AuditEvent {id: $id, at: datetime(), action: $action, actor: $actor,
                     subject: $subject, address: $address, detail: $detail})
