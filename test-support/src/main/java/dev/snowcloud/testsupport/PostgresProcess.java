package dev.snowcloud.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server that this JVM creates with {@code initdb} and runs with {@code pg_ctl},
 * in its own temporary directory on a fixed loopback port. PostgreSQL refuses to run as
 * root, so under root the directory belongs to, and every command runs as, the
 * {@code postgres} user (which Debian's {@code postgresql} package creates). Every instance
 * is registered with a JVM shutdown hook so that a test run that dies early leaves no
 * server behind.
 */
final class PostgresProcess implements PostgresBackend {

    private static final String OS_USER = "postgres";

    private static final Set<PostgresProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> LIVE.forEach(PostgresProcess::close), "postgres-fixture-cleanup"));
    }

    private final int port;

    private final Path binaries;

    private final Path dir;

    private boolean running;

    PostgresProcess(int port) {
        this.port = port;
        this.binaries = binaries();
        if (this.binaries == null) {
            throw new IllegalStateException("PostgreSQL's initdb and pg_ctl are neither in /usr/lib/postgresql/<version>/bin"
                    + " nor on the PATH (Debian: apt-get install postgresql)");
        }
        try {
            this.dir = Files.createTempDirectory("snowcloud-postgres-" + port + "-");
            if (asRoot()) {
                UserPrincipalLookupService users = this.dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(this.dir, users.lookupPrincipalByName(OS_USER));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not prepare a data directory for PostgreSQL (is there a '" + OS_USER
                    + "' user? Debian's postgresql package creates it)", ex);
        }
        LIVE.add(this);
    }

    /** Whether {@code initdb} and {@code pg_ctl} can be found. */
    static boolean isInstalled() {
        return binaries() != null;
    }

    /**
     * The directory of the newest Debian PostgreSQL ({@code /usr/lib/postgresql/17/bin}), else
     * the one on the {@code PATH} that holds {@code pg_ctl}.
     */
    private static Path binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            Arrays.sort(versions, Comparator.comparingInt(PostgresProcess::majorVersion).reversed());
            for (File version : versions) {
                File bin = new File(version, "bin");
                if (new File(bin, "pg_ctl").canExecute() && new File(bin, "initdb").canExecute()) {
                    return bin.toPath();
                }
            }
        }
        String path = System.getenv("PATH");
        for (String entry : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
            if (new File(entry, "pg_ctl").canExecute() && new File(entry, "initdb").canExecute()) {
                return Path.of(entry);
            }
        }
        return null;
    }

    private static int majorVersion(File dir) {
        try {
            return Integer.parseInt(dir.getName());
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return this.port;
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        if (!Files.exists(data().resolve("PG_VERSION"))) {
            run(List.of(tool("initdb"), "--pgdata=" + data(), "--username=" + username(), "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync"), 120);
        }
        // Durability is not under test: without fsync the tests spend their time in PostgreSQL, not the disk.
        String options = String.join(" ", "-p", Integer.toString(this.port), "-c", "listen_addresses=" + host(),
                "-k", this.dir.toString(), "-c", "max_connections=200", "-c", "fsync=off", "-c",
                "synchronous_commit=off", "-c", "full_page_writes=off");
        run(List.of(tool("pg_ctl"), "start", "--pgdata=" + data(), "--log=" + log(), "--wait", "--timeout=60",
                "-o", options), 90);
        this.running = true;
    }

    @Override
    public synchronized boolean isRunning() {
        return this.running;
    }

    @Override
    public synchronized void close() {
        LIVE.remove(this);
        if (this.running) {
            try {
                run(List.of(tool("pg_ctl"), "stop", "--pgdata=" + data(), "--mode=immediate", "--wait"), 60);
            }
            catch (IllegalStateException ex) {
                // Nothing more to do on the way out; the directory goes anyway.
            }
            this.running = false;
        }
        try (Stream<Path> files = Files.walk(this.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // A leftover temp directory is harmless.
        }
    }

    private Path data() {
        return this.dir.resolve("data");
    }

    private Path log() {
        return this.dir.resolve("postgres.log");
    }

    private String tool(String name) {
        return this.binaries.resolve(name).toString();
    }

    private void run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = this.dir.resolve("command.log");
        try {
            Process process = new ProcessBuilder(full).directory(this.dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(full + " did not finish within " + timeoutSeconds + " s:\n" + tail(output)
                        + "\n" + tail(log()));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(full + " exited with " + process.exitValue() + ":\n" + tail(output)
                        + "\n" + tail(log()));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run " + full, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + full, ex);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException ex) {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

}
