package dev.snowcloud.example.ids;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.test.autoconfigure.AutoConfigureSnowflakeGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The README's test recipe on the example app's controller: a {@code @WebMvcTest}
 * slice gets a real generator under a fixed worker ID from
 * {@link AutoConfigureSnowflakeGenerator}, with no delegator and no mock.
 */
@WebMvcTest(IdController.class)
@AutoConfigureSnowflakeGenerator(workerId = 3)
class IdControllerSliceTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Test
    void issuesIdsUnderTheTestsWorkerId() throws Exception {
        String id = this.mvc.perform(get("/ids").accept(MediaType.APPLICATION_JSON))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString()
            .replaceAll("\\D", "");
        assertThat(this.generator.layout().decode(Long.parseLong(id)).workerId()).isEqualTo(3);
    }

    @Test
    void decodesAnIdItIssued() throws Exception {
        long id = this.generator.nextId();
        this.mvc.perform(get("/ids/{id}", id))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.workerId").value(3));
    }

    @Test
    void withoutALeaseTheStartersHandlerAnswers503() throws Exception {
        // The app maps no SnowflakeException itself: the starter's handler, which the test
        // annotation adds to the slice, answers the refusal.
        this.generator.revokeLease();
        try {
            this.mvc.perform(get("/ids").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        finally {
            this.generator.installLease(WorkerLease.fixed(3));
        }
    }

}
