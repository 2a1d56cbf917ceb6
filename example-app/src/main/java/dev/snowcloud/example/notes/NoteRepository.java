package dev.snowcloud.example.notes;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface NoteRepository extends JpaRepository<Note, Long> {

    /** The newest notes first: snowflake IDs grow with time, so ordering by ID orders by creation. */
    List<Note> findTop20ByOrderByIdDesc();

}
