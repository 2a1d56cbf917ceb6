package dev.snowcloud.data.hibernate;

import dev.snowcloud.data.SnowflakeId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity with a {@code Long} ID and a generated non-ID {@code long}. */
@Entity
class Note {

    @Id
    @SnowflakeId
    private Long id;

    private String text;

    @SnowflakeId
    private long trackingNumber;

    protected Note() {
    }

    Note(String text) {
        this.text = text;
    }

    Long getId() {
        return this.id;
    }

    String getText() {
        return this.text;
    }

    void setText(String text) {
        this.text = text;
    }

    long getTrackingNumber() {
        return this.trackingNumber;
    }

}
