package dev.snowcloud.data.rest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A web application with a JPA entity on PostgreSQL. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration")
@Import(ArticleController.class)
class RestTestApplication {

}
