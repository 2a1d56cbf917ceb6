package dev.snowcloud.data.rest;

import dev.snowcloud.data.SnowflakeId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity that goes over HTTP as JSON, its ID as a string. */
@Entity
public class Article {

    @Id
    @SnowflakeId
    private Long id;

    private String title;

    public Long getId() {
        return this.id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getTitle() {
        return this.title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

}
