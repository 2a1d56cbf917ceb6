package dev.snowcloud.delegator.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read-only access to the pool, under {@code snowcloud.delegator.read}: for the dashboard and
 * for monitoring scripts.
 *
 * @param keys Read-only keys: accepted on GET /workers and GET /workers/{id} as
 * "Authorization: Bearer key", and by the dashboard's sign-in. An API key is accepted there too.
 * @param sessionTtl How long a dashboard sign-in lasts before the page asks for a key again.
 */
@ConfigurationProperties("snowcloud.delegator.read")
public record ReadAccessProperties(@DefaultValue List<String> keys, @DefaultValue("12h") Duration sessionTtl) {

    public ReadAccessProperties {
        keys = keys.stream().map(String::strip).filter((key) -> !key.isEmpty()).toList();
        if (sessionTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("snowcloud.delegator.read.session-ttl must be at least 1s, not "
                    + sessionTtl);
        }
    }

    @Override
    public String toString() {
        // never the keys themselves: this may end up in a log
        return "ReadAccessProperties[keys=" + this.keys.size() + " configured, sessionTtl=" + this.sessionTtl + "]";
    }

}
