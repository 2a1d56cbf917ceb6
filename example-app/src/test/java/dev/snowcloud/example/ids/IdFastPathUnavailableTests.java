package dev.snowcloud.example.ids;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.web.SnowflakeExceptionProblemAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A generator that refuses to issue on the fast path: the filter hands the request on,
 * and Spring MVC answers {@code 503} with {@code Retry-After} as without the fast path.
 */
// The starter answers a refusal; a slice loads only the auto-configurations it lists.
@ImportAutoConfiguration(SnowflakeExceptionProblemAutoConfiguration.class)
@WebMvcTest(controllers = IdController.class,
        properties = { "spring.mvc.problemdetails.enabled=true", "example.ids.fast-path.enabled=true" })
@Import(IdFastPathConfiguration.class)
class IdFastPathUnavailableTests {

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
            .andExpect(jsonPath("$.title").value("No worker lease"));
        // Once by the fast path, which handed the refusal on, once by the controller.
        then(this.generator).should(times(2)).nextId();
    }

}
