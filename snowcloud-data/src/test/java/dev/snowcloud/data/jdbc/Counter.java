package dev.snowcloud.data.jdbc;

import dev.snowcloud.data.SnowflakeId;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An aggregate with a primitive {@code long} ID, new while it is 0. */
@Table("counter")
class Counter {

    @Id
    @SnowflakeId
    long id;

    String name;

    Counter(String name) {
        this.name = name;
    }

}
