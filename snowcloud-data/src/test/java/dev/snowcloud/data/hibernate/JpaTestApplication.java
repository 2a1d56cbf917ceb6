package dev.snowcloud.data.hibernate;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A JPA application on PostgreSQL with the entities of this package. */
@SpringBootConfiguration
@EnableAutoConfiguration
class JpaTestApplication {

    static final String SCHEMA_NOTE = "create table note (id bigint primary key, text varchar(200),"
            + " tracking_number bigint not null)";

    static final String SCHEMA_TAG = "create table tag (id bigint primary key, name varchar(200))";

    static final String SCHEMA_MEASUREMENT = "create table measurement (id bigint primary key, thread integer not null)";

    static ConfigurableApplicationContext start(int workerId, List<String> dataSource) {
        List<String> properties = new ArrayList<>(dataSource);
        properties.addAll(List.of("snowcloud.generator.worker-id=" + workerId, "spring.main.banner-mode=off",
                "spring.jpa.hibernate.ddl-auto=validate", "spring.jpa.open-in-view=false",
                "spring.jpa.properties.hibernate.jdbc.batch_size=100",
                "spring.jpa.properties.hibernate.order_inserts=true", "spring.datasource.hikari.maximum-pool-size=9",
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"));
        return new SpringApplicationBuilder(JpaTestApplication.class).web(WebApplicationType.NONE)
            .properties(properties.toArray(String[]::new))
            .run();
    }

}
