package dev.snowcloud.starter.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code snowcloud.generator.delegator.urls} names at least one URL and no
 * fixed {@code snowcloud.generator.worker-id} is set: the generator then leases its
 * worker ID from the delegator.
 */
class OnDelegatorCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Snowcloud delegator");
        if (StringUtils.hasText(context.getEnvironment().getProperty("snowcloud.generator.worker-id"))) {
            return ConditionOutcome.noMatch(message.because("a fixed worker ID is set"));
        }
        List<String> urls = Binder.get(context.getEnvironment())
            .bind("snowcloud.generator.delegator.urls", Bindable.listOf(String.class))
            .orElse(List.of());
        if (urls.stream().noneMatch(StringUtils::hasText)) {
            return ConditionOutcome.noMatch(message.because("no delegator URL is set"));
        }
        return ConditionOutcome.match(message.because("delegator URLs are set"));
    }

}
