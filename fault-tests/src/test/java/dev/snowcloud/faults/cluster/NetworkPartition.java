package dev.snowcloud.faults.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Two sides of a private network made with Linux network namespaces, which can be cut apart
 * and joined again: a real network partition for processes started on either side.
 * <p>
 * Namespaces {@code sc-a-<pid>} and {@code sc-b-<pid>} (side A, side B) each get one veth leg
 * into a bridge that lives in a third namespace, {@code sc-n-<pid>}; the test's own (root)
 * namespace gets a fourth leg, {@code sc-<pid>}, so the test reaches both sides. Addresses are
 * in one {@code 10.213.x.0/24} that no route of the root namespace uses yet: side A is
 * {@code .1}, side B {@code .2}, the root leg {@code .254}. The namespaces have no other
 * interface and no default route, so their traffic stays among themselves and the test.
 * <p>
 * {@link #cut()} makes each side drop every packet to and from the other ({@code nft}) and
 * aborts the TCP connections open across the cut ({@code ss -K}), so that each end sees its
 * connection fail at once, as after a reset; the root leg keeps reaching both sides.
 * {@link #heal()} removes the rules. (Without the abort, a connection the cut leaves silently
 * hanging stays open until the kernel gives up retransmitting, about 15 minutes, and a Lettuce
 * client on it never asks the sentinels for the new master: see docs/safety.md.)
 * <p>
 * {@link #close()} deletes everything it made, as does a JVM shutdown hook; {@link #create()}
 * first deletes leftovers of earlier runs whose process is gone. Needs root and iproute2's
 * {@code ip} and {@code ss} with {@code nft}: {@link #unavailableReason()} says why not, if not.
 */
public final class NetworkPartition implements AutoCloseable {

    /** One side of the partition. */
    public enum Side {
        A, B
    }

    private static final Pattern OURS = Pattern.compile("sc-(?:[abn]-)?(\\d+)");

    private static final String TABLE = "snowcloud_partition";

    private final String tag;

    private final String subnet;

    private final Thread shutdownHook = new Thread(this::tearDown, "network-partition-cleanup");

    private boolean cut;

    private boolean closed;

    private NetworkPartition(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
    }

    /**
     * Why namespaces cannot be made here, or null if they can: not root, or {@code ip} or
     * {@code nft} missing.
     */
    public static @Nullable String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
        }
        for (String tool : List.of("ip", "nft", "ss")) {
            if (which(tool) == null) {
                return "'" + tool + "' is not installed (Debian: apt-get install iproute2 nftables)";
            }
        }
        return null;
    }

    private static @Nullable String which(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (new File(dir, tool).canExecute()) {
                return dir + "/" + tool;
            }
        }
        return null;
    }

    /** Deletes stale leftovers, then makes the namespaces, the bridge and the legs, not cut. */
    public static NetworkPartition create() {
        deleteStale();
        long pid = ProcessHandle.current().pid();
        NetworkPartition net = new NetworkPartition(Long.toString(pid), freeSubnet(pid));
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        try {
            net.build();
            return net;
        }
        catch (RuntimeException ex) {
            net.close();
            throw ex;
        }
    }

    private void build() {
        String bridge = namespace("n");
        ip("netns", "add", bridge);
        ip("netns", "add", namespace(Side.A));
        ip("netns", "add", namespace(Side.B));
        ip("-n", bridge, "link", "set", "lo", "up");
        ip("-n", bridge, "link", "add", "name", "br0", "type", "bridge");
        ip("-n", bridge, "link", "set", "br0", "up");
        for (Side side : Side.values()) {
            String ns = namespace(side);
            String leg = "leg-" + side.name().toLowerCase();
            ip("-n", bridge, "link", "add", "name", leg, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("-n", bridge, "link", "set", leg, "master", "br0", "up");
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "addr", "add", address(side) + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
        }
        ip("link", "add", "name", rootLeg(), "type", "veth", "peer", "name", "leg-root", "netns", bridge);
        ip("-n", bridge, "link", "set", "leg-root", "master", "br0", "up");
        ip("addr", "add", this.subnet + ".254/24", "dev", rootLeg());
        ip("link", "set", rootLeg(), "up");
    }

    /** The namespace of one side, e.g. {@code sc-a-4711}. */
    public String namespace(Side side) {
        return namespace(side.name().toLowerCase());
    }

    private String namespace(String letter) {
        return "sc-" + letter + "-" + this.tag;
    }

    private String rootLeg() {
        return "sc-" + this.tag;
    }

    /** The one address of a side, reachable from the other side (unless cut) and from the test. */
    public String address(Side side) {
        return this.subnet + (side == Side.A ? ".1" : ".2");
    }

    /** Where processes run on a side: its address and {@code ip netns exec <namespace>}. */
    public ProcessHost host(Side side) {
        return new ProcessHost(address(side), List.of(which("ip"), "netns", "exec", namespace(side)));
    }

    /** Cuts the two sides apart; the test still reaches both. */
    public synchronized void cut() {
        for (Side side : Side.values()) {
            String other = address(side == Side.A ? Side.B : Side.A);
            nft(namespace(side), "add table inet " + TABLE + "\n"
                    + "add chain inet " + TABLE + " in { type filter hook input priority 0; policy accept; }\n"
                    + "add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }\n"
                    + "add rule inet " + TABLE + " in ip saddr " + other + " drop\n"
                    + "add rule inet " + TABLE + " out ip daddr " + other + " drop\n");
        }
        for (Side side : Side.values()) {
            String other = address(side == Side.A ? Side.B : Side.A);
            run(true, which("ip"), "netns", "exec", namespace(side), which("ss"), "-K", "-tn", "dst", other);
        }
        this.cut = true;
    }

    /** Joins the two sides again. */
    public synchronized void heal() {
        if (!this.cut) {
            return;
        }
        for (Side side : Side.values()) {
            nft(namespace(side), "delete table inet " + TABLE + "\n");
        }
        this.cut = false;
    }

    @Override
    public void close() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // Already shutting down.
        }
    }

    private synchronized void tearDown() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        // Deleting a namespace deletes the veth ends in it, and with them their peers (the root leg too).
        for (String ns : List.of(namespace("a"), namespace("b"), namespace("n"))) {
            run(false, which("ip"), "netns", "delete", ns);
        }
        run(false, which("ip"), "link", "delete", rootLeg());
    }

    /** Deletes namespaces and root legs named like ours whose process no longer runs. */
    private static void deleteStale() {
        for (String line : run(true, which("ip"), "netns", "list").lines().toList()) {
            String name = line.split("\\s+")[0];
            if (isStale(name)) {
                run(false, which("ip"), "netns", "delete", name);
            }
        }
        for (String line : run(true, which("ip"), "-o", "link", "show").lines().toList()) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0];
                if (isStale(name)) {
                    run(false, which("ip"), "link", "delete", name);
                }
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher matcher = OURS.matcher(name);
        return matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty();
    }

    /** A {@code 10.213.x} that no route of the root namespace uses, starting from one the pid picks. */
    private static String freeSubnet(long pid) {
        String routes = run(true, which("ip"), "-4", "route", "show", "table", "all");
        for (int i = 0; i < 250; i++) {
            String candidate = "10.213." + (1 + (pid + i) % 250);
            if (!routes.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free 10.213.x.0/24 subnet in the root namespace:\n" + routes);
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of(which("ip")));
        command.addAll(List.of(args));
        run(true, command.toArray(String[]::new));
    }

    private static void nft(String namespace, String script) {
        String ip = which("ip");
        String nft = which("nft");
        try {
            Process process = new ProcessBuilder(ip, "netns", "exec", namespace, nft, "-f", "-").redirectErrorStream(true)
                .start();
            process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("nft in " + namespace + " failed:\n" + script + output);
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

    private static String run(boolean check, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (check && (!exited || process.exitValue() != 0)) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    @Override
    public String toString() {
        return "network " + this.subnet + ".0/24: " + namespace(Side.A) + " (" + address(Side.A) + "), "
                + namespace(Side.B) + " (" + address(Side.B) + ")" + (this.cut ? ", cut" : "");
    }

}
