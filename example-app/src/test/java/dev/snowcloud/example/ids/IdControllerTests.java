package dev.snowcloud.example.ids;

import java.util.Arrays;
import java.util.List;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code /ids} API in fixed worker ID mode, through the whole application.
 */
@SpringBootTest(properties = { "snowcloud.generator.worker-id=7", "snowcloud.generator.delegator.urls=" })
@AutoConfigureMockMvc
class IdControllerTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Test
    void oneIdAsBareText() throws Exception {
        MvcResult result = this.mvc.perform(get("/ids"))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/plain"))
            .andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(body).matches("\\d{10,19}");
        assertThat(result.getResponse().getContentLength()).isEqualTo(body.length());
        assertThat(decode(body).workerId()).isEqualTo(7);
    }

    @Test
    void manyIdsOnePerLineStrictlyIncreasing() throws Exception {
        String body = this.mvc.perform(get("/ids").param("count", "10000"))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/plain"))
            .andReturn()
            .getResponse()
            .getContentAsString();
        assertThat(body).endsWith("\n");
        long[] ids = body.lines().mapToLong(Long::parseLong).toArray();
        assertThat(ids).hasSize(10_000);
        for (int i = 1; i < ids.length; i++) {
            assertThat(ids[i]).isGreaterThan(ids[i - 1]);
        }
        assertThat(Arrays.stream(ids).map((id) -> decode(Long.toString(id)).workerId()).distinct())
            .containsExactly(7L);
    }

    @Test
    void plainRequestsGoThroughSpringMvcByDefault() throws Exception {
        // The fast path is an opt-in tuning (IdFastPathTests): without it, the controller answers.
        assertThat(this.mvc.perform(get("/ids")).andReturn().getHandler()).isNotNull();
    }

    @Test
    void theSameAnswersWhicheverPathServesThem() throws Exception {
        // Plain requests (the fast path's when it is on) and others (a count with a sign, a list in Accept).
        String fast = this.mvc.perform(get("/ids?count=2")).andReturn().getResponse().getContentAsString();
        String slow = this.mvc.perform(get("/ids?count=+2")).andReturn().getResponse().getContentAsString();
        assertThat(fast).matches("\\d+\n\\d+\n");
        assertThat(slow).matches("\\d+\n\\d+\n");
        this.mvc.perform(get("/ids?count=2").header("Accept", "application/json"))
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.ids", hasSize(2)));
        this.mvc.perform(get("/ids?count=2").header("Accept", "application/json, application/xml"))
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.ids", hasSize(2)));
        this.mvc.perform(get("/ids").header("Accept", "text/plain"))
            .andExpect(content().contentType("text/plain"))
            .andExpect(content().string(matchesPattern("\\d+")));
    }

    @Test
    void repeatedCountIsAProblemOnEitherPath() throws Exception {
        this.mvc.perform(get("/ids").param("count", "1", "2"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void onlyGetIsServed() throws Exception {
        this.mvc.perform(post("/ids"))
            .andExpect(status().isMethodNotAllowed());
    }

    @Test
    void countOfOneIsOneLine() throws Exception {
        String body = this.mvc.perform(get("/ids?count=1")).andReturn().getResponse().getContentAsString();
        assertThat(body).matches("\\d+\n");
    }

    @Test
    void idsAsJsonStrings() throws Exception {
        this.mvc.perform(get("/ids").param("count", "3").accept(MediaType.APPLICATION_JSON))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.ids", hasSize(3)))
            .andExpect(jsonPath("$.ids[0]").isString());
        this.mvc.perform(get("/ids").accept(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.ids", hasSize(1)))
            .andExpect(jsonPath("$.ids[0]").isString());
    }

    @Test
    void contentNegotiationPrefersTheBetterQuality() throws Exception {
        this.mvc.perform(get("/ids").header("Accept", "text/plain;q=0.5, application/json"))
            .andExpect(content().contentType(MediaType.APPLICATION_JSON));
        this.mvc.perform(get("/ids").header("Accept", "application/json;q=0.5, text/*"))
            .andExpect(content().contentType("text/plain"));
        this.mvc.perform(get("/ids").header("Accept", "application/json, */*"))
            .andExpect(content().contentType(MediaType.APPLICATION_JSON));
        this.mvc.perform(get("/ids").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"))
            .andExpect(content().contentType("text/plain"));
    }

    @Test
    void unsupportedAcceptIsNotAcceptable() throws Exception {
        this.mvc.perform(get("/ids").accept(MediaType.APPLICATION_XML)).andExpect(status().isNotAcceptable());
    }

    @Test
    void decodesAnId() throws Exception {
        long id = this.generator.nextId();
        SnowflakeId expected = this.generator.layout().decode(id);
        this.mvc.perform(get("/ids/{id}", id))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.id").value(Long.toString(id)))
            .andExpect(jsonPath("$.timestamp").value(expected.timestamp().toString()))
            .andExpect(jsonPath("$.unixMillis").value(expected.unixMillis()))
            .andExpect(jsonPath("$.workerId").value(7))
            .andExpect(jsonPath("$.sequence").value(expected.sequence()));
    }

    @Test
    void badCountsAreProblems() throws Exception {
        for (String count : List.of("0", "10001", "abc", "-1", "", "99999999999")) {
            this.mvc.perform(get("/ids").param("count", count))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail", containsString("count")));
        }
    }

    @Test
    void badIdsAreProblems() throws Exception {
        for (String id : List.of("abc", "-5", "99999999999999999999", "1.5")) {
            this.mvc.perform(get("/ids/{id}", id))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        }
    }

    @Test
    void badInputIsAProblemEvenWhenTextWasAskedFor() throws Exception {
        this.mvc.perform(get("/ids").param("count", "0").accept(MediaType.TEXT_PLAIN))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private SnowflakeId decode(String id) {
        return this.generator.layout().decode(Long.parseLong(id));
    }

}
