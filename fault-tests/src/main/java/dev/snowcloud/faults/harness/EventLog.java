package dev.snowcloud.faults.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.snowcloud.faults.record.RunFiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to {@code events.jsonl}, one JSON object per line, flushed at once: there
 * are few of them (transitions, lease calls), and the test reads the file while this process
 * runs or after it was stopped.
 */
public final class EventLog {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final BufferedWriter out;

    private EventLog(BufferedWriter out) {
        this.out = out;
    }

    static EventLog open(Path dir) {
        try {
            Files.createDirectories(dir);
            return new EventLog(Files.newBufferedWriter(dir.resolve(RunFiles.EVENTS), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Records an event of {@code type} now, with {@code fields} given as name, value pairs.
     */
    public void record(String type, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("at", System.currentTimeMillis());
        for (int i = 0; i + 1 < fields.length; i += 2) {
            event.put((String) fields[i], fields[i + 1]);
        }
        String line = json.writeValueAsString(event);
        synchronized (this) {
            try {
                this.out.write(line);
                this.out.newLine();
                this.out.flush();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    synchronized void close() throws IOException {
        this.out.close();
    }

}
