// The change feed (issue 22): every (:Change) recorded from here on carries `seq`, its place in
// commit order, from the one (:ChangeFeed) counter the recording transaction locks
// (cypher/history/record.cypher), and `record_id`, the id it was recorded against (a merge
// moves `target_id` to the survivor; the feed keeps the id the change was made to).
CREATE CONSTRAINT change_feed_id IF NOT EXISTS FOR (f:ChangeFeed) REQUIRE f.id IS UNIQUE;
CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq);
