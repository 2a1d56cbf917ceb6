package dev.snowcloud.starter.actuate;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnowcloudEndpointTests {

    @Test
    void showsWorkerIdAndCountersOfAFixedGenerator() {
        SnowflakeGenerator generator = SnowflakeGenerator.builder().build();
        generator.installLease(WorkerLease.fixed(5));
        long id = generator.nextIds(3)[2];
        SnowcloudEndpoint.GeneratorDescriptor descriptor = new SnowcloudEndpoint(generator, null).generator();
        assertThat(descriptor.mode()).isEqualTo("fixed");
        assertThat(descriptor.workerId()).isEqualTo(5);
        assertThat(descriptor.leaseValid()).isTrue();
        assertThat(descriptor.idsGenerated()).isEqualTo(3);
        assertThat(descriptor.lastTimestamp())
            .isEqualTo(generator.layout().decode(id).timestamp().toString());
        assertThat(descriptor.epoch()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(descriptor.delegator()).isNull();
        assertThat(descriptor.clockBackwardsRefused()).isZero();
    }

}
