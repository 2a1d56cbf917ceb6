package dev.snowcloud.faults.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process the test started: a JVM running a delegator or a harness
 * generator. Its output goes to a log file. Signals are sent with {@code kill}, as an
 * operator (or the kernel, or a debugger) would send them.
 * <p>
 * Where util-linux {@code setpriv} exists the child is started with
 * {@code --pdeathsig KILL}, so that even a test JVM killed outright takes its children with it.
 */
final class ChildProcess {

    private static final boolean SETPRIV = new File("/usr/bin/setpriv").canExecute();

    private final String name;

    private final List<String> command;

    private final Path log;

    private Process process;

    private ChildProcess(String name, List<String> command, Path log, Process process) {
        this.name = name;
        this.command = command;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code command}, appending its output to {@code log}. Call from a thread that
     * lives as long as the child: with {@code setpriv} the child dies with that thread.
     */
    static ChildProcess start(String name, List<String> command, Path log) {
        return new ChildProcess(name, command, log, launch(command, log));
    }

    private static Process launch(List<String> command, Path log) {
        List<String> full = new ArrayList<>();
        if (SETPRIV) {
            full.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL"));
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + full, ex);
        }
    }

    /** Starts the same command again, e.g. after {@link #kill()}. */
    synchronized void restart() {
        if (this.process.isAlive()) {
            throw new IllegalStateException(this.name + " is still running");
        }
        this.process = launch(this.command, this.log);
    }

    String name() {
        return this.name;
    }

    synchronized long pid() {
        return this.process.pid();
    }

    synchronized boolean isAlive() {
        return this.process.isAlive();
    }

    /** SIGSTOP: the process freezes, threads, timers and all, as in a long GC pause or a suspended VM. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " (" + this.name + ") failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    synchronized void kill() {
        this.process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM (after a SIGCONT, in case it is paused), so it shuts down gracefully; SIGKILL if
     * it has not exited within {@code grace}.
     * @return whether it exited by itself
     */
    synchronized boolean terminate(Duration grace) {
        askToTerminate();
        return awaitTermination(grace);
    }

    /** SIGCONT and SIGTERM, without waiting. */
    synchronized void askToTerminate() {
        if (!this.process.isAlive()) {
            return;
        }
        try {
            resume();
        }
        catch (IllegalStateException ex) {
            // It may have exited meanwhile.
        }
        this.process.destroy();
    }

    /**
     * Waits up to {@code grace} for it to exit after {@link #askToTerminate()}, then SIGKILLs it.
     * @return whether it exited by itself
     */
    synchronized boolean awaitTermination(Duration grace) {
        if (awaitExit(grace)) {
            return true;
        }
        this.process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        return false;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of its output, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.exists(this.log) ? Files.readAllLines(this.log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public String toString() {
        return this.name + (this.process.isAlive() ? " (pid " + this.process.pid() + ")" : " (exited)");
    }

}
