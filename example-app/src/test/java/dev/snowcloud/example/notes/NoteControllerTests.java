package dev.snowcloud.example.notes;

import java.math.BigInteger;

import dev.snowcloud.id.SnowflakeGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = { "snowcloud.generator.worker-id=7", "snowcloud.generator.delegator.urls=" })
@AutoConfigureMockMvc
class NoteControllerTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SnowflakeGenerator generator;

    @Test
    void aNoteIsStoredUnderASnowflakeIdThatTravelsAsAString() throws Exception {
        String id = create("buy milk");
        assertThat(new BigInteger(id)).isGreaterThan(BigInteger.TWO.pow(53));
        assertThat(this.generator.layout().decode(Long.parseLong(id)).workerId()).isEqualTo(7);
        this.mvc.perform(get("/notes/{id}", id))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.id").value(id))
            .andExpect(jsonPath("$.text").value("buy milk"));
    }

    @Test
    void theNewestNotesComeFirst() throws Exception {
        String older = create("older");
        String newer = create("newer");
        this.mvc.perform(get("/notes"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0].id").value(newer))
            .andExpect(jsonPath("$[1].id").value(older));
    }

    @Test
    void aNoteWithoutTextIsABadRequest() throws Exception {
        this.mvc.perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\" \"}"))
            .andExpect(status().isBadRequest());
    }

    @Test
    void anUnknownNoteIsNotFound() throws Exception {
        this.mvc.perform(get("/notes/{id}", 42)).andExpect(status().isNotFound());
    }

    private String create(String text) throws Exception {
        MvcResult result = this.mvc
            .perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"" + text + "\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/notes/")))
            .andExpect(jsonPath("$.id").isString())
            .andReturn();
        String location = result.getResponse().getHeader("Location");
        return location.substring("/notes/".length());
    }

}
