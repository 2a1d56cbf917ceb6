package dev.snowcloud.example.ids;

import dev.snowcloud.id.ClockMovedBackwardsException;
import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.web.SnowflakeExceptionProblemAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A generator that refuses to issue makes {@code /ids} answer {@code 503} with {@code Retry-After}.
 */
// The starter answers a refusal; a slice loads only the auto-configurations it lists.
@ImportAutoConfiguration(SnowflakeExceptionProblemAutoConfiguration.class)
@WebMvcTest(controllers = IdController.class, properties = "spring.mvc.problemdetails.enabled=true")
class IdControllerUnavailableTests {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private SnowflakeGenerator generator;

    @Test
    void noLeaseIsServiceUnavailable() throws Exception {
        willThrow(new LeaseUnavailableException("No worker lease is held")).given(this.generator).nextId();
        this.mvc.perform(get("/ids"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "1"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("No worker lease"))
            .andExpect(jsonPath("$.detail", containsString("No worker lease is held")));
    }

    @Test
    void clockBehindIsServiceUnavailableUntilItCatchesUp() throws Exception {
        willThrow(new ClockMovedBackwardsException(2500, 1000)).given(this.generator).nextIds(anyInt());
        this.mvc.perform(get("/ids").param("count", "10").accept(MediaType.APPLICATION_JSON))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "3"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Clock moved backwards"));
    }

}
