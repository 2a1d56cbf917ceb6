package dev.snowcloud.test.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application under test: one endpoint that hands out an order number.
 */
@SpringBootApplication
class OrdersApplication {

    @RestController
    static class OrderNumberController {

        private final SnowflakeGenerator generator;

        OrderNumberController(SnowflakeGenerator generator) {
            this.generator = generator;
        }

        @GetMapping("/order-numbers")
        String next() {
            return Long.toString(this.generator.nextId());
        }

    }

}
