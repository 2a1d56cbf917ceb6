package dev.snowcloud.starter.web;

import dev.snowcloud.id.ClockMovedBackwardsException;
import dev.snowcloud.id.LeaseFenceException;
import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link SnowflakeExceptionProblemAutoConfiguration}: a refusal to issue
 * reaches a Spring MVC client as {@code 503} problem+json with {@code Retry-After}.
 */
class SnowflakeExceptionProblemAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                HttpMessageConvertersAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
                WebMvcAutoConfiguration.class, SnowflakeExceptionProblemAutoConfiguration.class))
        .withUserConfiguration(RefusingController.class);

    @Test
    void lostLeaseIsServiceUnavailableProblemWithRetryAfter() {
        this.contextRunner.run((context) -> mvc(context).perform(get("/refuse").param("with", "lease"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "1"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(503))
            .andExpect(jsonPath("$.title").value("No worker lease"))
            .andExpect(jsonPath("$.detail").value("No worker lease is held")));
    }

    @Test
    void clockBehindAsksToRetryOnceItHasCaughtUp() {
        this.contextRunner.run((context) -> mvc(context).perform(get("/refuse").param("with", "clock"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", "3"))
            .andExpect(jsonPath("$.title").value("Clock moved backwards")));
    }

    @Test
    void fenceAndOtherRefusalsAreServiceUnavailableToo() {
        this.contextRunner.run((context) -> {
            MockMvc mvc = mvc(context);
            mvc.perform(get("/refuse").param("with", "fence"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.title").value("Worker lease fence reached"));
            mvc.perform(get("/refuse").param("with", "other"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.title").value("Cannot issue IDs"));
        });
    }

    @Test
    void problemEvenWhenTheClientAskedForText() {
        this.contextRunner.run((context) -> mvc(context)
            .perform(get("/refuse").param("with", "lease").accept(MediaType.TEXT_PLAIN))
            .andExpect(status().isServiceUnavailable())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON)));
    }

    @Test
    void theApplicationsOwnAdviceWins() {
        this.contextRunner.withUserConfiguration(OwnAdvice.class)
            .run((context) -> mvc(context).perform(get("/refuse").param("with", "lease"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("Our own answer")));
    }

    @Test
    void theApplicationsCatchAllAdviceWinsToo() {
        this.contextRunner.withUserConfiguration(CatchAllAdvice.class)
            .run((context) -> mvc(context).perform(get("/refuse").param("with", "lease"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.title").value("Anything"))
                .andExpect(header().doesNotExist("Retry-After")));
    }

    @Test
    void switchedOffByProperty() {
        this.contextRunner.withPropertyValues("snowcloud.generator.web.problem-details.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(SnowflakeExceptionProblemHandler.class));
    }

    @Test
    void absentWithoutSpringMvc() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SnowflakeExceptionProblemHandler.class));
    }

    @Test
    void absentOutsideAWebApplication() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SnowflakeExceptionProblemAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SnowflakeExceptionProblemHandler.class));
    }

    private static MockMvc mvc(WebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    @RestController
    static class RefusingController {

        @GetMapping("/refuse")
        String refuse(@RequestParam String with) {
            throw switch (with) {
                case "lease" -> new LeaseUnavailableException("No worker lease is held");
                case "clock" -> new ClockMovedBackwardsException(2500, 1000);
                case "fence" -> new LeaseFenceException(7, 2_000, 1_000);
                default -> new SnowflakeException("Something else");
            };
        }

    }

    @RestControllerAdvice
    static class OwnAdvice {

        @ExceptionHandler
        ResponseEntity<ProblemDetail> leaseUnavailable(LeaseUnavailableException ex) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
            problem.setTitle("Our own answer");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(problem);
        }

    }

    @RestControllerAdvice
    static class CatchAllAdvice {

        @ExceptionHandler
        ResponseEntity<ProblemDetail> anything(Exception ex) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
            problem.setTitle("Anything");
            return ResponseEntity.internalServerError().body(problem);
        }

    }

}
