package dev.snowcloud.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds TCP ports on the loopback interface that nothing listens on right now. */
final class FreePorts {

    private FreePorts() {
    }

    /** A free port chosen by the operating system. */
    static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("No free TCP port on the loopback interface", ex);
        }
    }

    /**
     * A free port whose Redis Cluster bus port ({@code port + 10000}) is free too; taken from
     * 20000..30000 so that the bus port stays below 65536.
     */
    static int withClusterBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port pair (port, port + 10000) for a Redis Cluster node");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
