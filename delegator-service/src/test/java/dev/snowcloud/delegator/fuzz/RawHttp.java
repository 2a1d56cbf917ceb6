package dev.snowcloud.delegator.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Puts a {@link HostileRequest} on the wire byte for byte, over a fresh socket, and reads
 * one HTTP/1.1 response. No HTTP client library sits in between, so malformed targets,
 * headers, framing and body bytes reach the server exactly as generated.
 * <p>
 * Bodies larger than the socket buffers are written by a second thread while this one
 * reads: a server that answers early (413) and closes would otherwise leave the writer
 * blocked and the answer unread.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 60_000;

    private static final int WRITE_ON_THE_SIDE = 16 * 1024;

    private static final ExecutorService writers = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "raw-http-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    RawResponse send(HostileRequest request) {
        byte[] wire = request.toWire();
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing;
            if (wire.length <= WRITE_ON_THE_SIDE) {
                out.write(wire);
                out.flush();
                writing = CompletableFuture.completedFuture(null);
            }
            else {
                writing = CompletableFuture.runAsync(() -> writeIgnoringEarlyClose(out, wire), writers);
            }
            RawResponse response = read(new BufferedInputStream(socket.getInputStream()), request.method());
            writing.cancel(true);
            return response;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No complete answer to " + request, ex);
        }
    }

    /** The server may answer and close before it read the whole body: that is its right. */
    private static void writeIgnoringEarlyClose(OutputStream out, byte[] wire) {
        try {
            for (int offset = 0; offset < wire.length; offset += 8192) {
                out.write(wire, offset, Math.min(8192, wire.length - offset));
            }
            out.flush();
        }
        catch (IOException ex) {
            // broken pipe or reset after an early answer
        }
    }

    static RawResponse read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new SocketException("Connection closed before any answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(header.substring(colon + 1).strip());
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        }
        else if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        }
        else if (!first(headers, "content-length").isEmpty()) {
            body = in.readNBytes(Integer.parseInt(first(headers, "content-length")));
        }
        else {
            body = readToEnd(in);
        }
        return new RawResponse(status, headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new SocketException("Connection closed inside a chunked answer");
            }
            int length = Integer.parseInt(size.split(";", 2)[0].strip(), 16);
            if (length == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers: none expected, none needed
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    /** Up to the end of the stream; a reset after the answer counts as its end. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
            }
        }
        catch (SocketException ex) {
            // connection reset once the server was done
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return (values != null && !values.isEmpty()) ? values.get(0) : "";
    }

}
