package chainatlas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * Runs Neo4j Community in this JVM with the Bolt connector that neo4j.conf describes.
 *
 * <p>Embedding (rather than the packaged server scripts) is what lets the project fetch Neo4j
 * from Maven Central alone. It also lets the launcher set the initial password through the system
 * database, which bypasses Bolt authentication, so the password never has to pass through the
 * "change the default password" handshake that drivers handle poorly.
 *
 * <p>Usage: {@code LocalNeo4j <home-dir> <neo4j.conf>}; the password comes from the environment
 * variable NEO4J_PASSWORD so that it is not visible in the process list.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalNeo4j <home-dir> <neo4j.conf>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = Path.of(args[1]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run shutdown hooks: close the store cleanly so the next start needs
        // no recovery.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    System.out.println("LocalNeo4j: shutting down");
                    dbms.shutdown();
                    stopped.countDown();
                    System.out.println("LocalNeo4j: stopped");
                }, "local-neo4j-shutdown"));

        setInitialPassword(dbms.database("system"), password);
        System.out.println("LocalNeo4j: ready");
        stopped.await();
    }

    /**
     * Set-up's own bound. db.transaction.timeout is the service's query bound (3 s in the outage
     * test); on a busy machine the first system-database transaction after start-up can take
     * longer than that, and a set-up that fails there fails every test after it. An explicit
     * timeout overrides the configured default (Neo4j 5.3 and later).
     */
    private static final long SETUP_TIMEOUT_MINUTES = 10;

    /** Sets the password once, while the built-in user still has the default that must change. */
    private static void setInitialPassword(GraphDatabaseService system, String password) {
        boolean changeRequired;
        try (Transaction tx = system.beginTx(SETUP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            changeRequired = tx.execute(
                            "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' "
                                    + "RETURN passwordChangeRequired")
                    .stream()
                    .findFirst()
                    .map(row -> (Boolean) row.get("passwordChangeRequired"))
                    .orElse(false);
            tx.commit();
        }
        if (changeRequired) {
            try (Transaction tx = system.beginTx(SETUP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                tx.execute(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
                tx.commit();
            }
            System.out.println("LocalNeo4j: initial password set for user neo4j");
        }
    }
}
