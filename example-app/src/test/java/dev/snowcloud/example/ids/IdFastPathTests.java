package dev.snowcloud.example.ids;

import dev.snowcloud.id.SnowflakeGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code example.ids.fast-path.enabled=true}, {@link IdFastPathFilter} answers the
 * plain {@code GET /ids} requests before the other filters and Spring MVC (no handler in
 * the result) with the controller's answers, and leaves every other request to Spring MVC.
 */
@SpringBootTest(properties = { "snowcloud.generator.worker-id=7", "snowcloud.generator.delegator.urls=",
        "example.ids.fast-path.enabled=true" })
@AutoConfigureMockMvc
@AutoConfigureMetrics
class IdFastPathTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Autowired
    private MeterRegistry meters;

    @Test
    void answersOneBareIdWithoutSpringMvc() throws Exception {
        for (RequestBuilder request : new RequestBuilder[] { get("/ids"), get("/ids").header("Accept", "*/*"),
                get("/ids").accept(MediaType.TEXT_PLAIN) }) {
            MvcResult result = this.mvc.perform(request)
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/plain"))
                .andReturn();
            assertThat(result.getHandler()).isNull();
            String body = result.getResponse().getContentAsString();
            assertThat(body).matches("\\d{10,19}");
            assertThat(result.getResponse().getContentLength()).isEqualTo(body.length());
            assertThat(this.generator.layout().decode(Long.parseLong(body)).workerId()).isEqualTo(7);
        }
    }

    @Test
    void answersCountsOnePerLineWithoutSpringMvc() throws Exception {
        MvcResult result = this.mvc.perform(get("/ids").param("count", "3"))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/plain"))
            .andExpect(content().string(matchesPattern("(\\d+\n){3}")))
            .andReturn();
        assertThat(result.getHandler()).isNull();
    }

    @Test
    void leavesJsonAndNegotiationToSpringMvc() throws Exception {
        for (String accept : new String[] { "application/json", "text/plain;q=0.5, application/json", "text/*" }) {
            MvcResult result = this.mvc.perform(get("/ids").header("Accept", accept))
                .andExpect(status().isOk())
                .andReturn();
            assertThat(result.getHandler()).as(accept).isNotNull();
        }
    }

    @Test
    void leavesRefusedCountsToSpringMvcWhichAnswersProblems() throws Exception {
        for (String[] counts : new String[][] { { "0" }, { "abc" }, { "1", "2" } }) {
            MvcResult result = this.mvc.perform(get("/ids").param("count", counts))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn();
            assertThat(result.getHandler()).isNotNull();
        }
    }

    @Test
    void answersTheLargestCountWithoutSpringMvc() throws Exception {
        MvcResult result = this.mvc.perform(get("/ids").param("count", Integer.toString(IdController.MAX_COUNT)))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/plain"))
            .andReturn();
        assertThat(result.getHandler()).isNull();
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getContentLength()).isEqualTo(body.length());
        assertThat(body.lines().mapToLong(Long::parseLong).distinct().count()).isEqualTo(IdController.MAX_COUNT);
    }

    @Test
    void leavesCountsOutOfBoundsToSpringMvc() throws Exception {
        for (String count : new String[] { "-1", "0", Integer.toString(IdController.MAX_COUNT + 1) }) {
            MvcResult result = this.mvc.perform(get("/ids").param("count", count))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn();
            assertThat(result.getHandler()).as(count).isNotNull();
        }
    }

    @Test
    void itsAnswersSkipTheRequestObservationButTheirIdsAreCounted() throws Exception {
        long observed = idsRequestsObserved();
        long generated = this.generator.generatedCount();
        assertThat(this.mvc.perform(get("/ids")).andReturn().getHandler()).isNull();
        assertThat(idsRequestsObserved()).isEqualTo(observed);
        assertThat(this.generator.generatedCount()).isEqualTo(generated + 1);
        this.mvc.perform(get("/ids").accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk());
        assertThat(idsRequestsObserved()).isEqualTo(observed + 1);
        this.mvc.perform(get("/actuator/prometheus"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("uri=\"/ids\"")))
            .andExpect(content().string(containsString("snowcloud_ids_generated_total{")));
    }

    private long idsRequestsObserved() {
        return this.meters.find("http.server.requests").tag("uri", "/ids").timers().stream()
            .mapToLong(Timer::count)
            .sum();
    }

}
