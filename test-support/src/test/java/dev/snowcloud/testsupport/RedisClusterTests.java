package dev.snowcloud.testsupport;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterTests {

    @Test
    void threeMastersShareAllSlots() throws IOException {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertThat(cluster.nodes()).hasSize(3).doesNotHaveDuplicates();
            String[] first = cluster.nodes().get(0).split(":");
            Object info = Resp.command(first[0], Integer.parseInt(first[1]), Duration.ofSeconds(5), "CLUSTER", "INFO");
            assertThat((String) info).contains("cluster_state:ok").contains("cluster_size:3");
        }
    }

}
