package dev.snowcloud.data.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A Spring Data JDBC application on PostgreSQL with the aggregates of this package. */
@SpringBootConfiguration
@EnableAutoConfiguration
class JdbcTestApplication {

    static final String[] SCHEMA = { "create table event (id bigint primary key, name varchar(200), thread integer)",
            "create table reading (id bigint primary key, sensor varchar(200))",
            "create table counter (id bigint primary key, name varchar(200))",
            "create table serial (id bigint generated always as identity primary key, name varchar(200))" };

    static ConfigurableApplicationContext start(int workerId, List<String> dataSource) {
        List<String> properties = new ArrayList<>(dataSource);
        properties.addAll(List.of("snowcloud.generator.worker-id=" + workerId, "spring.main.banner-mode=off",
                "spring.datasource.hikari.maximum-pool-size=9",
                "spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                        + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"));
        return new SpringApplicationBuilder(JdbcTestApplication.class).web(WebApplicationType.NONE)
            .properties(properties.toArray(String[]::new))
            .run();
    }

}
