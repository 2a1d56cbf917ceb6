package dev.snowcloud.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client, enough for fixtures to ping, configure and inspect a Redis
 * server without a client library. One connection per command: fixtures are not hot paths.
 */
public final class Resp {

    private Resp() {
    }

    /**
     * Sends one command and returns its reply: a {@code String} for simple and bulk strings,
     * a {@code Long} for integers, a {@code List} for arrays, {@code null} for nil.
     * @throws ErrorReply when Redis answers with an error
     * @throws IOException when the server cannot be reached or hangs up
     */
    public static Object command(String host, int port, Duration timeout, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            int millis = (int) timeout.toMillis();
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /**
     * Sends commands one after the other over one connection and returns their replies in
     * order; what depends on the connection (e.g. {@code WAIT}, which counts the calling
     * connection's writes) sees the earlier ones. An error reply is returned as an
     * {@link ErrorReply} in the list rather than thrown.
     * @throws IOException when the server cannot be reached or hangs up
     */
    public static List<Object> commands(String host, int port, Duration timeout, List<List<String>> commands)
            throws IOException {
        try (Socket socket = new Socket()) {
            int millis = (int) timeout.toMillis();
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            List<Object> replies = new ArrayList<>();
            for (List<String> command : commands) {
                out.write(encode(command.toArray(String[]::new)));
                out.flush();
                try {
                    replies.add(read(in));
                }
                catch (ErrorReply ex) {
                    replies.add(ex);
                }
            }
            return replies;
        }
    }

    private static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String arg : args) {
            byte[] value = arg.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(value.length).append("\r\n");
            bytes.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(value);
            sb.setLength(0);
            sb.append("\r\n");
        }
        bytes.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("Redis closed the connection without a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] value = in.readNBytes(length);
                in.readNBytes(2);
                return new String(value, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("Unexpected RESP type '" + (char) type + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection mid-reply");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    /** An error reply from Redis ({@code -ERR ...}). */
    public static final class ErrorReply extends IOException {

        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }

    }

}
