package dev.snowcloud.starter.autoconfigure;

import java.time.Duration;

import dev.snowcloud.lease.LeaseRegistrationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRegistrationFailureAnalyzerTests {

    @Test
    void explainsWhatToCheck() {
        LeaseRegistrationException failure = new LeaseRegistrationException("the delegator at http://delegator:8080",
                Duration.ofSeconds(30), "The delegator answered 503 to register", null);
        FailureAnalysis analysis = new LeaseRegistrationFailureAnalyzer().analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription()).contains("http://delegator:8080", "PT30S", "503");
        assertThat(analysis.getAction()).contains("the delegator at http://delegator:8080",
                "snowcloud.generator.delegator.api-key", "snowcloud.generator.lease.registration-timeout",
                "snowcloud.generator.lease.fail-on-missing=false");
    }

}
