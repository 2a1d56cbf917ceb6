package dev.snowcloud.test.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} slice has no generator of its own;
 * {@link AutoConfigureSnowflakeGenerator} gives it one, and the starter's
 * {@code 503} answer for a generator that refuses to issue.
 */
@WebMvcTest(OrdersApplication.OrderNumberController.class)
@AutoConfigureSnowflakeGenerator(workerId = 5)
class AutoConfigureSnowflakeGeneratorWebMvcTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Test
    void theControllerGetsAFixedWorkerGenerator() throws Exception {
        String body = this.mvc.perform(get("/order-numbers"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
        assertThat(this.generator.layout().decode(Long.parseLong(body)).workerId()).isEqualTo(5);
    }

    @Test
    void aLostLeaseIsServiceUnavailable() throws Exception {
        this.generator.revokeLease();
        try {
            this.mvc.perform(get("/order-numbers"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        finally {
            this.generator.installLease(WorkerLease.fixed(5));
        }
    }

}
