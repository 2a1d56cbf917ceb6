package dev.snowcloud.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on the loopback interface that nothing listens on right now, for servers
 * that tests start as processes and restart on the same port.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up). The operating system hands
     * ephemeral ports to outgoing connections, which could take a port between the moment
     * it is found free and the moment a server process binds it, or while that server
     * restarts; ports below the range are only ever taken by listeners.
     */
    public static int any() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, 32_000);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free TCP port in 10000..32000 on the loopback interface");
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

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
