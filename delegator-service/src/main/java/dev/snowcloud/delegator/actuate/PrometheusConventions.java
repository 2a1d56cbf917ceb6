package dev.snowcloud.delegator.actuate;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps {@code /actuator/prometheus} clean for {@code promtool check metrics}: every meter
 * gets a description (Prometheus HELP), and the few built-in meters whose names the linter
 * rejects, or that mean nothing for a stateless API, are left out.
 */
public final class PrometheusConventions implements MeterFilter {

    /** Unit abbreviations in names ({@code _ms_}, {@code _ns_}) or a {@code _count} suffix promtool rejects. */
    private static final Set<String> DENIED = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");

    /** The API keeps no HTTP sessions. */
    private static final String TOMCAT_SESSIONS = "tomcat.sessions.";

    private static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
            "Duration of HTTP server requests", "http.server.requests.active", "HTTP server requests in progress");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (DENIED.contains(id.getName()) || id.getName().startsWith(TOMCAT_SESSIONS)) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description != null && !description.isBlank()) {
            return id;
        }
        String added = DESCRIPTIONS.getOrDefault(id.getName(), "Meter " + id.getName());
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), added, id.getType());
    }

}
