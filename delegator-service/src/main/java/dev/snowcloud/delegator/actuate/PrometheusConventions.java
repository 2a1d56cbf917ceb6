package dev.snowcloud.delegator.actuate;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps {@code /actuator/prometheus} clean for {@code promtool check metrics}: every meter
 * gets a description (Prometheus HELP). The few built-in meters whose names the linter
 * rejects, or that mean nothing for a stateless API, are turned off in application.yml
 * ({@code management.metrics.enable.*}).
 */
public final class PrometheusConventions implements MeterFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
            "Duration of HTTP server requests", "http.server.requests.active", "HTTP server requests in progress");

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
