package dev.snowcloud.starter.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code snowcloud.generator.delegator-url} is set and no fixed
 * {@code snowcloud.generator.worker-id} is: the generator then leases its
 * worker ID from the delegator.
 */
class OnDelegatorCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Snowcloud delegator");
        Environment environment = context.getEnvironment();
        if (StringUtils.hasText(environment.getProperty("snowcloud.generator.worker-id"))) {
            return ConditionOutcome.noMatch(message.because("a fixed worker ID is set"));
        }
        if (!StringUtils.hasText(environment.getProperty("snowcloud.generator.delegator-url"))) {
            return ConditionOutcome.noMatch(message.because("no delegator URL is set"));
        }
        return ConditionOutcome.match(message.because("a delegator URL is set"));
    }

}
