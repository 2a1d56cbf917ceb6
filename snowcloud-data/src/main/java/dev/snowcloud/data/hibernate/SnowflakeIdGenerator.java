package dev.snowcloud.data.hibernate;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Map;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.id.SnowflakeGenerator;
import org.hibernate.MappingException;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;
import org.hibernate.generator.GeneratorCreationContext;
import org.jspecify.annotations.Nullable;

/**
 * The Hibernate generator behind {@link SnowflakeId @SnowflakeId}: takes a new ID from a
 * {@link SnowflakeGenerator} in Java, before the {@code INSERT}, so Hibernate can batch the
 * inserts (unlike an {@code IDENTITY} column) and needs no database round trip per ID.
 * <p>
 * Hibernate creates one instance per annotated attribute by reflection, while it builds a
 * session factory. The instance finds the {@code SnowflakeGenerator} in that session
 * factory's own settings, under {@link #GENERATOR_SETTING}; Spring Boot applications get
 * it there through {@code SnowcloudHibernateAutoConfiguration}. No static state is involved,
 * so two application contexts in one JVM (tests, a parent and child context) each use their
 * own generator. Without Spring, put the generator into the settings map yourself.
 * <p>
 * When the generator refuses to issue an ID (no valid worker lease, the clock far behind),
 * its {@link dev.snowcloud.id.SnowflakeException} leaves {@code persist()}/{@code flush()}
 * unchanged, and the transaction rolls back like for any other runtime exception.
 */
public final class SnowflakeIdGenerator implements BeforeExecutionGenerator {

    /**
     * The Hibernate setting that holds the {@link SnowflakeGenerator} instance to take IDs from.
     */
    public static final String GENERATOR_SETTING = "dev.snowcloud.data.hibernate.generator";

    private static final long serialVersionUID = 1L;

    private final transient SnowflakeGenerator generator;

    /**
     * Called by Hibernate, reflectively, for each attribute annotated {@link SnowflakeId}.
     * @param annotation the annotation on the attribute
     * @param member the field or getter it annotates
     * @param context the session factory being built
     */
    public SnowflakeIdGenerator(SnowflakeId annotation, Member member, GeneratorCreationContext context) {
        requireLongType(member);
        Map<String, Object> settings = context.getServiceRegistry()
            .requireService(ConfigurationService.class)
            .getSettings();
        Object configured = settings.get(GENERATOR_SETTING);
        if (!(configured instanceof SnowflakeGenerator snowflakeGenerator)) {
            throw new MappingException("@SnowflakeId on " + describe(member) + " needs a SnowflakeGenerator in the"
                    + " Hibernate setting '" + GENERATOR_SETTING + "', found "
                    + ((configured != null) ? configured.getClass().getName() : "none")
                    + ". Spring Boot sets it when snowcloud-data and a SnowflakeGenerator bean are present.");
        }
        this.generator = snowflakeGenerator;
    }

    @Override
    public Object generate(SharedSessionContractImplementor session, Object owner, @Nullable Object currentValue,
            EventType eventType) {
        return this.generator.nextId();
    }

    @Override
    public EnumSet<EventType> getEventTypes() {
        return EventTypeSets.INSERT_ONLY;
    }

    private static void requireLongType(Member member) {
        Class<?> type = (member instanceof Field field) ? field.getType()
                : (member instanceof Method method) ? method.getReturnType() : null;
        if (type != long.class && type != Long.class) {
            throw new MappingException("@SnowflakeId needs a long or Long attribute, but " + describe(member)
                    + " is " + ((type != null) ? type.getName() : "not a field or getter"));
        }
    }

    private static String describe(Member member) {
        return member.getDeclaringClass().getName() + "." + member.getName();
    }

}
