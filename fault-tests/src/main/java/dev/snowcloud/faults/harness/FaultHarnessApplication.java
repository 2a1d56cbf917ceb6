package dev.snowcloud.faults.harness;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.starter.autoconfigure.SnowcloudGeneratorProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A generator process for the fault tests. With {@code snowcloud.generator.delegator.urls} it
 * leases its worker ID like any application on the starter; with
 * {@code snowcloud.generator.worker-id} it issues under a fixed one.
 * <p>
 * It replaces two of the starter's beans, as any application may: the {@link OffsetTimeSource}
 * (the starter uses a {@code TimeSource} bean when there is one), so the test can step this
 * process's wall clock without touching the system's, and a {@link RecordingDelegator} around
 * the core's HTTP client (the starter uses a {@code Delegator} bean when there is one), so
 * every lease this process was granted is on record for the check.
 */
@SpringBootApplication
@EnableConfigurationProperties(HarnessProperties.class)
public class FaultHarnessApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(FaultHarnessApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    OffsetTimeSource offsetTimeSource() {
        return new OffsetTimeSource();
    }

    @Bean(destroyMethod = "close")
    EventLog eventLog(HarnessProperties properties) {
        return EventLog.open(properties.dir());
    }

    @Bean
    @ConditionalOnProperty("snowcloud.generator.delegator.urls")
    Delegator recordingDelegator(SnowcloudGeneratorProperties properties, EventLog events) {
        var delegator = properties.getDelegator();
        DelegatorClient client = DelegatorClient.builder()
            .urls(delegator.getUrls())
            .apiKey(delegator.getApiKey())
            .connectTimeout(delegator.getConnectTimeout())
            .readTimeout(delegator.getReadTimeout())
            .build();
        return new RecordingDelegator(client, events);
    }

    @Bean
    IssuingState issuingState(EventLog events) {
        return new IssuingState(events);
    }

    @Bean
    IdStream idStream(SnowflakeGenerator generator, HarnessProperties properties, IssuingState state,
            EventLog events) {
        return new IdStream(generator, properties, state, events);
    }

    @Bean
    HarnessMonitor harnessMonitor(SnowflakeGenerator generator, HarnessProperties properties,
            OffsetTimeSource clock, IssuingState state, EventLog events) {
        return new HarnessMonitor(generator, properties, clock, state, events);
    }

}
