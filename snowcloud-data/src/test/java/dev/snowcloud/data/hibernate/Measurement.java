package dev.snowcloud.data.hibernate;

import dev.snowcloud.data.SnowflakeId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity for the many-threads insert test, in a table of its own. */
@Entity
class Measurement {

    @Id
    @SnowflakeId
    private Long id;

    private int thread;

    protected Measurement() {
    }

    Measurement(int thread) {
        this.thread = thread;
    }

    Long getId() {
        return this.id;
    }

    int getThread() {
        return this.thread;
    }

}
