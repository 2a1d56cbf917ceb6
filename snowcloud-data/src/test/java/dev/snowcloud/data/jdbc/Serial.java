package dev.snowcloud.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An aggregate whose ID the database assigns: no {@code @SnowflakeId}, so the callback leaves it alone. */
@Table("serial")
class Serial {

    @Id
    Long id;

    String name;

    Serial(String name) {
        this.name = name;
    }

}
