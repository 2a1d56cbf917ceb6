package dev.snowcloud.data.jdbc;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.id.SnowflakeGenerator;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.mapping.event.BeforeConvertCallback;

/**
 * Gives a new Spring Data JDBC aggregate a snowflake ID: when the aggregate root's
 * {@code @Id} property is annotated {@link SnowflakeId @SnowflakeId} and still unset
 * ({@code null}, or {@code 0} for a primitive {@code long}), it gets the next ID of the
 * {@link SnowflakeGenerator}.
 * <p>
 * Spring Data JDBC decides between {@code INSERT} and {@code UPDATE} before this callback
 * runs, from the ID as the application left it, and its reference documentation names
 * {@code BeforeConvertCallback} as the place to assign IDs. Immutable aggregates (records,
 * {@code withId} methods) are handled: the callback returns the copy with the ID.
 */
public final class SnowflakeIdBeforeConvertCallback implements BeforeConvertCallback<Object>, Ordered {

    private final SnowflakeGenerator generator;

    private final RelationalMappingContext mappingContext;

    private final EntityInstantiators instantiators = new EntityInstantiators();

    private final Map<Class<?>, Optional<RelationalPersistentProperty>> idProperties = new ConcurrentHashMap<>();

    public SnowflakeIdBeforeConvertCallback(SnowflakeGenerator generator, RelationalMappingContext mappingContext) {
        this.generator = generator;
        this.mappingContext = mappingContext;
    }

    @Override
    public Object onBeforeConvert(Object aggregate) {
        RelationalPersistentProperty idProperty = snowflakeIdProperty(aggregate.getClass()).orElse(null);
        if (idProperty == null) {
            return aggregate;
        }
        RelationalPersistentEntity<?> entity = this.mappingContext.getRequiredPersistentEntity(aggregate.getClass());
        PersistentPropertyAccessor<Object> accessor = new InstantiationAwarePropertyAccessor<>(aggregate,
                entity::getPropertyAccessor, this.instantiators);
        if (!isUnset(idProperty, accessor.getProperty(idProperty))) {
            return aggregate;
        }
        accessor.setProperty(idProperty, this.generator.nextId());
        return accessor.getBean();
    }

    /**
     * Before Spring Data JDBC's own callbacks: an auditing or validation callback then sees
     * the aggregate with its ID.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    private Optional<RelationalPersistentProperty> snowflakeIdProperty(Class<?> type) {
        return this.idProperties.computeIfAbsent(type, (key) -> {
            RelationalPersistentEntity<?> entity = this.mappingContext.getPersistentEntity(key);
            RelationalPersistentProperty id = (entity != null) ? entity.getIdProperty() : null;
            return (id != null && id.isAnnotationPresent(SnowflakeId.class)) ? Optional.of(id) : Optional.empty();
        });
    }

    /** Unset as Spring Data's {@code isNew} sees it: {@code null}, or {@code 0} for a primitive. */
    private static boolean isUnset(RelationalPersistentProperty idProperty, @Nullable Object id) {
        return id == null || (idProperty.getType().isPrimitive() && id instanceof Number number
                && number.longValue() == 0L);
    }

}
