package dev.snowcloud.example;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Health, Prometheus and the {@code snowcloud} endpoint are exposed.
 */
@SpringBootTest(properties = { "snowcloud.generator.worker-id=7", "snowcloud.generator.delegator.urls=" })
@AutoConfigureMockMvc
@AutoConfigureMetrics
class ActuatorTests {

    @Autowired
    private MockMvc mvc;

    @Test
    void healthIsUpWithTheWorkerId() throws Exception {
        this.mvc.perform(get("/actuator/health"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("UP"))
            .andExpect(jsonPath("$.components.snowcloud.status").value("UP"))
            .andExpect(jsonPath("$.components.snowcloud.details.workerId").value(7));
    }

    @Test
    void readinessFollowsTheLeaseAndLivenessDoesNot() throws Exception {
        this.mvc.perform(get("/actuator/health/readiness"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.snowcloud.status").value("UP"));
        this.mvc.perform(get("/actuator/health/liveness"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.snowcloud").doesNotExist());
    }

    @Test
    void prometheusShowsTheGeneratorMeters() throws Exception {
        this.mvc.perform(get("/ids").param("count", "3")).andExpect(status().isOk());
        this.mvc.perform(get("/actuator/prometheus"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("# TYPE snowcloud_ids_generated_total counter")))
            .andExpect(content().string(containsString("snowcloud_worker_id{application=\"snowcloud-example\"} 7.0")))
            .andExpect(content().string(containsString("snowcloud_lease_renewals_total{")))
            .andExpect(content().string(containsString("snowcloud_lease_remaining_seconds{")))
            .andExpect(content().string(containsString("snowcloud_sequence_exhausted_total{")))
            .andExpect(content().string(containsString("snowcloud_clock_backwards_total{")));
    }

    @Test
    void idsRequestsAreMeasured() throws Exception {
        this.mvc.perform(get("/ids")).andExpect(status().isOk());
        this.mvc.perform(get("/actuator/prometheus"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("uri=\"/ids\"")));
    }

    @Test
    void snowcloudEndpointShowsTheGenerator() throws Exception {
        this.mvc.perform(get("/actuator/snowcloud"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.mode").value("fixed"))
            .andExpect(jsonPath("$.workerId").value(7))
            .andExpect(jsonPath("$.leaseValid").value(true))
            .andExpect(jsonPath("$.epoch").value("2020-01-01T00:00:00Z"));
    }

}
