package dev.snowcloud.example.notes;

import dev.snowcloud.data.SnowflakeId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;

/**
 * A short note. Its ID comes from the application's {@code SnowflakeGenerator} when the
 * note is first saved, goes out in JSON as a string of digits, and carries the note's
 * creation time ({@code GET /ids/{id}} decodes it).
 */
@Entity
public class Note {

    @Id
    @SnowflakeId
    private @Nullable Long id;

    private String text;

    protected Note() {
        this.text = "";
    }

    public Note(String text) {
        this.text = text;
    }

    public @Nullable Long getId() {
        return this.id;
    }

    public String getText() {
        return this.text;
    }

}
