package dev.snowcloud.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;
import org.springframework.test.context.TestPropertySource;

/**
 * Gives a test's application context a {@link dev.snowcloud.id.SnowflakeGenerator}
 * that issues under a fixed worker ID and leases nothing, whatever delegator
 * {@code application.yml} names: no delegator is called, and no start-up waits
 * for a lease.
 * <p>
 * On a {@code @SpringBootTest} it turns the starter's generator off
 * ({@code snowcloud.generator.enabled=false}) and puts the fixed one in its
 * place; the starter's health indicator, meters and endpoint wire to it as to the
 * real one. On a slice such as {@code @WebMvcTest}, which has no generator of its
 * own, it adds one, and the starter's {@code 503} answer to a refusal to issue.
 * The generator uses {@code snowcloud.generator.epoch}, so its IDs decode as the
 * application's do.
 *
 * <pre class="code">
 * &#64;WebMvcTest(OrderController.class)
 * &#64;AutoConfigureSnowflakeGenerator
 * class OrderControllerTests { … }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("snowcloud.test.generator")
@TestPropertySource(properties = "snowcloud.generator.enabled=false")
public @interface AutoConfigureSnowflakeGenerator {

    /**
     * The worker ID the generator issues under, 0..1023.
     * @return the worker ID
     */
    int workerId() default 0;

}
