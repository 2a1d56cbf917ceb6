package dev.snowcloud.example;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.test.autoconfigure.AutoConfigureSnowflakeGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The README's test recipe on the whole example app, with its real
 * {@code application.yml} (which names a delegator on localhost:8080 that no test
 * starts): {@link AutoConfigureSnowflakeGenerator} replaces the leased generator,
 * and health, notes and {@code /ids} run on the fixed one.
 */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureSnowflakeGenerator(workerId = 11)
class FixedWorkerApplicationTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Autowired
    private Environment environment;

    @Test
    void startsWithoutTheDelegatorItsConfigurationNames() throws Exception {
        assertThat(this.environment.getProperty("spring.application.name")).isEqualTo("snowcloud-example");
        String body = this.mvc.perform(get("/ids")).andExpect(status().isOk()).andReturn().getResponse()
            .getContentAsString();
        assertThat(this.generator.layout().decode(Long.parseLong(body.trim())).workerId()).isEqualTo(11);
    }

    @Test
    void theStartersHealthIndicatorWatchesTheTestGenerator() throws Exception {
        this.mvc.perform(get("/actuator/health"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.snowcloud.status").value("UP"));
    }

    @Test
    void notesAreStoredUnderIdsOfTheTestGenerator() throws Exception {
        String location = this.mvc
            .perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"buy milk\"}"))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getHeader("Location");
        long id = Long.parseLong(location.substring("/notes/".length()));
        assertThat(this.generator.layout().decode(id).workerId()).isEqualTo(11);
    }

}
