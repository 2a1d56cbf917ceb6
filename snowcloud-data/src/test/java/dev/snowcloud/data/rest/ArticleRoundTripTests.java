package dev.snowcloud.data.rest;

import java.math.BigInteger;
import java.util.List;

import dev.snowcloud.data.test.SharedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @SnowflakeId} entity over HTTP and into PostgreSQL and back: the ID, above 2^53,
 * keeps every digit.
 */
@SpringBootTest(classes = RestTestApplication.class,
        properties = { "snowcloud.generator.worker-id=4", "spring.jpa.hibernate.ddl-auto=validate",
                "spring.main.banner-mode=off" })
@AutoConfigureMockMvc
class ArticleRoundTripTests {

    private static final BigInteger JAVASCRIPT_SAFE_LIMIT = BigInteger.TWO.pow(53);

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        List<String> properties = SharedPostgres.database("snowcloud_rest",
                "create table article (id bigint primary key, title varchar(200))");
        for (String property : properties) {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        }
    }

    @Test
    void anIdAboveTwoToTheFiftyThreeKeepsEveryDigitOverJsonAndInTheDatabase() throws Exception {
        String id = create("first");
        assertThat(id).matches("[0-9]{1,19}");
        assertThat(new BigInteger(id)).isGreaterThan(JAVASCRIPT_SAFE_LIMIT);
        assertThat(this.jdbc.queryForObject("select id::text from article where title = 'first'", String.class))
            .isEqualTo(id);
        this.mvc.perform(get("/articles/{id}", id))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.id").value(id))
            .andExpect(jsonPath("$.title").value("first"));
    }

    @Test
    void anIdIsReadFromAStringOrFromAJsonNumber() throws Exception {
        String id = create("v1");
        this.mvc.perform(put("/articles").contentType(MediaType.APPLICATION_JSON)
            .content("{\"id\":\"" + id + "\",\"title\":\"v2\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.id").value(id))
            .andExpect(jsonPath("$.title").value("v2"));
        this.mvc.perform(put("/articles").contentType(MediaType.APPLICATION_JSON)
            .content("{\"id\":" + id + ",\"title\":\"v3\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.id").value(id))
            .andExpect(jsonPath("$.title").value("v3"));
        assertThat(this.jdbc.queryForObject("select title from article where id = ?", String.class, Long.parseLong(id)))
            .isEqualTo("v3");
    }

    @Test
    void anIdThatIsNotANonNegative64BitIntegerIsABadRequestThatSaysWhy() throws Exception {
        for (String bad : List.of("\"-1\"", "\"12a\"", "\"18446744073709551615\"", "\"\"", "-1", "1.5")) {
            MvcResult result = this.mvc
                .perform(put("/articles").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"id\":" + bad + ",\"title\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andReturn();
            assertThat(result.getResolvedException()).as(bad)
                .hasMessageContaining("Invalid snowflake ID")
                .hasMessageContaining("non-negative 64-bit integer");
        }
    }

    private String create(String title) throws Exception {
        MvcResult result = this.mvc
            .perform(post("/articles").contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"" + title + "\"}"))
            .andExpect(status().isCreated())
            .andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(body).containsPattern("\"id\":\"[0-9]+\"");
        return body.replaceAll(".*\"id\":\"([0-9]+)\".*", "$1");
    }

}
