package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Redis clients for store tests that run without a Spring context. */
final class RedisTemplates {

    private RedisTemplates() {
    }

    static LettuceConnectionFactory standalone(String host, int port) {
        return start(new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port), clientConfiguration()));
    }

    static LettuceConnectionFactory cluster(List<String> nodes) {
        return start(new LettuceConnectionFactory(new RedisClusterConfiguration(nodes), clientConfiguration()));
    }

    static StringRedisTemplate template(LettuceConnectionFactory connections) {
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        return template;
    }

    private static LettuceClientConfiguration clientConfiguration() {
        return LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(10)).build();
    }

    private static LettuceConnectionFactory start(LettuceConnectionFactory factory) {
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

}
