package dev.snowcloud.delegator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Snowcloud delegator: leases worker IDs 0..1023 to generators over REST.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DelegatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(DelegatorApplication.class, args);
    }

}
