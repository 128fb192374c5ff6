// A real Neo4j 5.26 server from the Maven test-harness jars, for tests and `make neo4j`.
//
// Run it without compiling (Java 11+ single-file source launch; the in-memory compile takes ~1 s):
//
//   java -Xmx1g <flags, see run.sh> -cp "$JARS/*" tools/neo4j/Launcher.java WORKDIR [options]
//
// It starts Neo4j in-process under WORKDIR (the harness makes a random sub-folder there that
// holds the store and Neo4j's own neo4j.log/debug.log), with the Bolt connector on 127.0.0.1,
// no HTTP server and no authentication. It prints the Bolt URI on one line of stdout
// ("bolt://127.0.0.1:PORT"), then blocks until it is killed. SIGTERM/SIGINT run a shutdown hook
// that closes the database cleanly and prints "capgraph-neo4j: stopped" as its last line.
//
// Options:
//   --port N             listen on port N (default 0: a free port chosen by the OS)
//   --copy-from DIR      start from a copy of DIR, the harness folder of an earlier run (after a
//                        SIGKILL Neo4j then runs its crash recovery on it)
//   --keep-store         on stop, shut the database down but leave its folder (and logs) in
//                        place for --copy-from or a post-mortem; the caller removes WORKDIR.
//                        Without it the harness deletes its folder on stop.
//   --exit-on-stdin-eof  also shut down when stdin reaches end of file, i.e. when the process
//                        that started it (and holds the other end of the pipe) is gone, even
//                        after a SIGKILL. tests/neo4j_server.py uses it so no JVM outlives a
//                        killed test run.
//
// -Dcapgraph.neo4j.pagecache=BYTES sets the page cache (the harness default is 8 MiB: fine for
// tests, small for benchmarks).

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

public class Launcher {
    private static final String USAGE = "usage: java -cp 'JARS/*' Launcher.java WORKDIR"
            + " [--port N] [--copy-from DIR] [--keep-store] [--exit-on-stdin-eof]";

    private static void usage(String problem) {
        System.err.println("capgraph-neo4j: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        Path workDir = null;
        Path copyFrom = null;
        int port = 0;
        boolean keepStore = false;
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port":
                case "--copy-from":
                    if (i + 1 >= args.length) {
                        usage(arg + " needs a value");
                    }
                    String value = args[++i];
                    if (arg.equals("--port")) {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            usage("--port needs a number, not " + value);
                        }
                    } else {
                        copyFrom = Path.of(value).toAbsolutePath();
                    }
                    break;
                case "--keep-store":
                    keepStore = true;
                    break;
                case "--exit-on-stdin-eof":
                    exitOnStdinEof = true;
                    break;
                default:
                    if (arg.startsWith("--") || workDir != null) {
                        usage("unexpected argument " + arg);
                    }
                    workDir = Path.of(arg).toAbsolutePath();
            }
        }
        if (workDir == null) {
            usage("WORKDIR is missing");
        }
        Files.createDirectories(workDir);

        Neo4j neo4j;
        try {
            Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(workDir)
                    .withDisabledServer()  // no HTTP/HTTPS
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(GraphDatabaseSettings.auth_enabled, false)
                    // netty's default 2 s quiet period, paid once per event-loop group, made a
                    // clean stop take ~10 s; a test server has nothing in flight when it stops
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
            String pageCache = System.getProperty("capgraph.neo4j.pagecache");
            if (pageCache != null) {
                builder = builder.withConfig(
                        GraphDatabaseSettings.pagecache_memory, Long.parseLong(pageCache));
            }
            if (copyFrom != null) {
                builder = builder.copyFrom(copyFrom);  // copies now, into the new harness folder
            }
            neo4j = builder.build();
        } catch (Throwable e) {
            System.err.println("capgraph-neo4j: failed to start Neo4j under " + workDir);
            e.printStackTrace();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        boolean keep = keepStore;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (keep) {
                    neo4j.databaseManagementService().shutdown();
                } else {
                    neo4j.close();  // shuts down and deletes the harness folder
                }
                System.out.println("capgraph-neo4j: stopped");
            } catch (Throwable e) {
                System.err.println("capgraph-neo4j: error while stopping");
                e.printStackTrace();
            } finally {
                System.out.flush();
                System.err.flush();
                stopped.countDown();
            }
        }, "capgraph-neo4j-shutdown"));

        String uri = neo4j.boltURI().toString();
        while (uri.endsWith("/")) {
            uri = uri.substring(0, uri.length() - 1);
        }
        System.out.println(uri);
        System.out.flush();

        if (exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                try {
                    while (in.read(buf) >= 0) {
                        // discard anything written to us; only end of file matters
                    }
                } catch (IOException e) {
                    // a broken stdin means the same as end of file
                }
                System.err.println("capgraph-neo4j: stdin closed (parent gone), shutting down");
                System.exit(0);
            }, "capgraph-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        stopped.await();  // forever, until a signal (or the stdin watcher) runs the shutdown hook
    }
}
