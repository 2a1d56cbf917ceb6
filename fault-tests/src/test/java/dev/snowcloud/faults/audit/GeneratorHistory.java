package dev.snowcloud.faults.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.faults.record.RunFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one harness generator process recorded about itself in {@code events.jsonl}: the
 * leases it was granted and when it refused and resumed issuing.
 */
public final class GeneratorHistory {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final String name;

    private final Path dir;

    private final List<JsonNode> events;

    private GeneratorHistory(String name, Path dir, List<JsonNode> events) {
        this.name = name;
        this.dir = dir;
        this.events = events;
    }

    /** Reads the events of the generator whose run directory is {@code dir}. */
    public static GeneratorHistory read(String name, Path dir) {
        Path file = dir.resolve(RunFiles.EVENTS);
        List<JsonNode> events = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        events.add(json.readTree(line));
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new GeneratorHistory(name, dir, List.copyOf(events));
    }

    public String name() {
        return this.name;
    }

    public Path dir() {
        return this.dir;
    }

    public List<JsonNode> events() {
        return this.events;
    }

    /** Events of {@code type}, in the order recorded. */
    public List<JsonNode> events(String type) {
        return this.events.stream().filter(ofType(type)).toList();
    }

    /** Events of {@code type} recorded at or after {@code since} (Unix ms). */
    public List<JsonNode> events(String type, long since) {
        return this.events.stream().filter(ofType(type)).filter((event) -> at(event) >= since).toList();
    }

    /**
     * Every lease granted to this process, in order, each with the highest {@code maxTimestamp}
     * its grant or any renewal of it carried. A process with several worker IDs holds several
     * at once. Events that name no lease (or no {@code maxTimestamp}) are taken as one lease per
     * grant (without a fence).
     */
    public List<Grant> grants() {
        Map<Integer, Long> renewedTo = new HashMap<>();
        for (JsonNode renewal : events(EventTypes.RENEWED)) {
            if (renewal.hasNonNull("lease") && renewal.hasNonNull("maxTimestamp")) {
                renewedTo.merge(renewal.get("lease").asInt(), renewal.get("maxTimestamp").asLong(), Math::max);
            }
        }
        List<Grant> grants = new ArrayList<>();
        for (JsonNode event : events(EventTypes.GRANT)) {
            int lease = event.hasNonNull("lease") ? event.get("lease").asInt() : -(grants.size() + 1);
            long maxTimestamp = event.hasNonNull("maxTimestamp") ? event.get("maxTimestamp").asLong() : Long.MAX_VALUE;
            grants.add(new Grant(event.get("workerId").asInt(), event.get("notBefore").asLong(), at(event),
                    event.get("via").asString(), lease, Math.max(maxTimestamp, renewedTo.getOrDefault(lease, maxTimestamp))));
        }
        return List.copyOf(grants);
    }

    /**
     * The stretches in which this process refused to issue: from a {@code refusing} event
     * to the next {@code issuing} one ({@code end} is {@link Long#MAX_VALUE} while open).
     */
    public List<RefusalWindow> refusals() {
        List<RefusalWindow> windows = new ArrayList<>();
        JsonNode open = null;
        for (JsonNode event : this.events) {
            String type = event.get("type").asString();
            if (EventTypes.REFUSING.equals(type) && open == null) {
                open = event;
            }
            else if (EventTypes.ISSUING.equals(type) && open != null) {
                windows.add(new RefusalWindow(at(open), at(event), open.get("reason").asString()));
                open = null;
            }
        }
        if (open != null) {
            windows.add(new RefusalWindow(at(open), Long.MAX_VALUE, open.get("reason").asString()));
        }
        return windows;
    }

    static long at(JsonNode event) {
        return event.get("at").asLong();
    }

    private static Predicate<JsonNode> ofType(String type) {
        return (event) -> type.equals(event.get("type").asString());
    }

    @Override
    public String toString() {
        return this.name;
    }

    /**
     * A lease this process was granted.
     * @param workerId the worker ID
     * @param notBefore the first Unix ms its IDs may carry
     * @param at when it was recorded
     * @param via {@code register}, or {@code fixed} for a fixed worker ID
     * @param lease the number the process gave the lease, unique within the process
     * @param maxTimestamp the last Unix ms its IDs may carry: the highest {@code maxTimestamp}
     * of its grant and renewals ({@link Long#MAX_VALUE} for a fixed worker ID)
     */
    public record Grant(int workerId, long notBefore, long at, String via, int lease, long maxTimestamp) {
    }

    /**
     * A stretch of refusals.
     * @param start first refusal (Unix ms)
     * @param end first ID issued again, {@link Long#MAX_VALUE} if never
     * @param reason {@code lease} or {@code clock}
     */
    public record RefusalWindow(long start, long end, String reason) {

        public boolean isOpen() {
            return this.end == Long.MAX_VALUE;
        }

        public long millis() {
            return this.end - this.start;
        }

    }

}
