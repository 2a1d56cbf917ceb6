package dev.snowcloud.data.jdbc;

import dev.snowcloud.data.SnowflakeId;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A mutable aggregate with a {@code Long} ID. */
@Table("event")
class Event {

    @Id
    @SnowflakeId
    Long id;

    String name;

    int thread;

    Event(String name, int thread) {
        this.name = name;
        this.thread = thread;
    }

}
