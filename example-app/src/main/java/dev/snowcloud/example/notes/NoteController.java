package dev.snowcloud.example.notes;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stores notes with {@code @SnowflakeId} keys: {@code POST /notes} {@code {"text": "…"}}
 * creates one, {@code GET /notes/{id}} reads it, {@code GET /notes} lists the newest 20.
 */
@RestController
@RequestMapping("/notes")
class NoteController {

    static final int MAX_TEXT = 500;

    private final NoteRepository notes;

    NoteController(NoteRepository notes) {
        this.notes = notes;
    }

    record NewNote(@Nullable String text) {
    }

    @PostMapping
    ResponseEntity<Note> create(@RequestBody NewNote request) {
        String text = request.text();
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "A note needs a text of 1 to " + MAX_TEXT + " characters.");
        }
        Note saved = this.notes.save(new Note(text));
        return ResponseEntity.created(URI.create("/notes/" + saved.getId())).body(saved);
    }

    @GetMapping("/{id}")
    Note get(@PathVariable long id) {
        return this.notes.findById(id)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No note " + id + "."));
    }

    @GetMapping
    List<Note> newest() {
        return this.notes.findTop20ByOrderByIdDesc();
    }

}
