// Watchlists, events and alerts (issue 22): what each key watches, events reported on
// organisations, the alerts raised for watchers, and the alerter's place in the change feed.
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE;
CREATE INDEX watch_target IF NOT EXISTS FOR (w:Watch) ON (w.kind, w.target);
// One watch per key and thing watched, even when two requests make it at once.
CREATE CONSTRAINT watch_once IF NOT EXISTS FOR (w:Watch) REQUIRE (w.key_id, w.kind, w.target) IS UNIQUE;
CREATE INDEX watch_key IF NOT EXISTS FOR (w:Watch) ON (w.key_id);
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE INDEX alert_key IF NOT EXISTS FOR (a:Alert) ON (a.key_id, a.seq);
CREATE INDEX alert_unread IF NOT EXISTS FOR (a:Alert) ON (a.key_id, a.read);
CREATE CONSTRAINT alert_feed_id IF NOT EXISTS FOR (f:AlertFeed) REQUIRE f.id IS UNIQUE;
