package dev.snowcloud.data.jdbc;

import dev.snowcloud.data.SnowflakeId;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An immutable aggregate: the callback hands back a copy that carries the ID. */
@Table("reading")
record Reading(@Id @SnowflakeId Long id, String sensor) {
}
