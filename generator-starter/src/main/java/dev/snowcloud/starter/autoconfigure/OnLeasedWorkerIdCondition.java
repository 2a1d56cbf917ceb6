package dev.snowcloud.starter.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches unless {@code snowcloud.generator.worker-id} fixes the worker ID: the
 * generator then leases one from the delegator.
 */
class OnLeasedWorkerIdCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Snowcloud leased worker ID");
        Environment environment = context.getEnvironment();
        String workerId = environment.getProperty("snowcloud.generator.worker-id");
        if (StringUtils.hasText(workerId)) {
            return ConditionOutcome.noMatch(message.because("a fixed worker ID is set"));
        }
        return ConditionOutcome.match(message.because("no fixed worker ID is set"));
    }

}
