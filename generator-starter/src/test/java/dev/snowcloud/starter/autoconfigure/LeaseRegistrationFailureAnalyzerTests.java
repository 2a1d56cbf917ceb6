package dev.snowcloud.starter.autoconfigure;

import java.net.URI;
import java.time.Duration;

import dev.snowcloud.starter.lease.LeaseRegistrationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRegistrationFailureAnalyzerTests {

    @Test
    void explainsWhatToCheck() {
        LeaseRegistrationException failure = new LeaseRegistrationException(URI.create("http://delegator:8080"),
                Duration.ofSeconds(30), "The delegator answered 503 to register", null);
        FailureAnalysis analysis = new LeaseRegistrationFailureAnalyzer().analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription()).contains("http://delegator:8080", "PT30S", "503");
        assertThat(analysis.getAction()).contains("snowcloud.generator.registration-timeout",
                "snowcloud.generator.fail-on-missing-lease=false");
    }

}
