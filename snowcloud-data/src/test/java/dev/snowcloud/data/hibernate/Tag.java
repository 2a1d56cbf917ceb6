package dev.snowcloud.data.hibernate;

import dev.snowcloud.data.SnowflakeId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity with a primitive {@code long} ID, which is 0 until Hibernate assigns one. */
@Entity
class Tag {

    @Id
    @SnowflakeId
    private long id;

    private String name;

    protected Tag() {
    }

    Tag(String name) {
        this.name = name;
    }

    long getId() {
        return this.id;
    }

    String getName() {
        return this.name;
    }

}
