package dev.snowcloud.test.autoconfigure;

import java.time.Instant;
import java.util.Locale;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application whose {@code application.yml} names a delegator that cannot
 * be reached still starts at once under {@link AutoConfigureSnowflakeGenerator},
 * and issues under the worker ID the test chose.
 */
@SpringBootTest
@AutoConfigureSnowflakeGenerator(workerId = 42)
class AutoConfigureSnowflakeGeneratorSpringBootTests {

    @Autowired
    private SnowflakeGenerator generator;

    @Autowired
    private Environment environment;

    @Autowired
    private ApplicationContext context;

    @Test
    void issuesUnderTheChosenWorkerIdWithoutADelegator() {
        assertThat(this.environment.getProperty("snowcloud.generator.delegator.urls")).isEqualTo("http://127.0.0.1:9");
        SnowflakeId id = this.generator.layout().decode(this.generator.nextId());
        assertThat(id.workerId()).isEqualTo(42);
        assertThat(this.context.getBeansOfType(SnowflakeGenerator.class)).hasSize(1);
    }

    @Test
    void usesTheApplicationsEpoch() {
        assertThat(this.generator.layout().epoch()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void leasesNothing() {
        assertThat(this.generator.leaseRemaining()).isEqualTo(SnowflakeGenerator.FOREVER);
        assertThat(this.context.getBeanNamesForType(SmartLifecycle.class))
            .noneMatch((name) -> name.toLowerCase(Locale.ROOT).contains("lease"));
    }

}
