package dev.snowcloud.data;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.data.jackson.SnowflakeIdJsonDeserializer;
import dev.snowcloud.data.jackson.SnowflakeIdJsonSerializer;
import org.hibernate.annotations.IdGeneratorType;
import org.hibernate.annotations.ValueGenerationType;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A {@code long} or {@code Long} field whose value is a snowflake ID from the application's
 * {@link dev.snowcloud.id.SnowflakeGenerator}.
 * <ul>
 * <li><b>Hibernate / JPA:</b> on an {@code @Id} field, Hibernate assigns the ID when the
 * entity is persisted; on any other field, when the row is inserted. The ID never changes on
 * update.</li>
 * <li><b>Spring Data JDBC:</b> on the {@code @Id} field of an aggregate root, the ID is
 * assigned before a new aggregate (ID {@code null}, or {@code 0} for a primitive) is
 * inserted.</li>
 * <li><b>JSON (Jackson 3):</b> the value is written as a string of decimal digits, so that
 * JavaScript, whose numbers hold 53 bits, keeps every digit; it is read from such a string
 * or from a JSON number. Anything else (a sign, blanks, a fraction, more than 64 bits) is
 * rejected.</li>
 * </ul>
 * Each meta-annotation only takes effect when its library is on the classpath: the JVM
 * drops an annotation whose type it cannot load, so the annotation is safe to use with any
 * subset of Hibernate, Spring Data JDBC and Jackson.
 * <pre>{@code
 * @Entity
 * class Note {
 *     @Id @SnowflakeId
 *     private Long id;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD })
@IdGeneratorType(SnowflakeIdGenerator.class)
@ValueGenerationType(generatedBy = SnowflakeIdGenerator.class)
@JacksonAnnotationsInside
@JsonSerialize(using = SnowflakeIdJsonSerializer.class)
@JsonDeserialize(using = SnowflakeIdJsonDeserializer.class)
public @interface SnowflakeId {

}
