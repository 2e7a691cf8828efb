package io.sovereign.gateway;

import io.sovereign.gateway.cli.GatewayCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sovereign AI gateway: one OpenAI-compatible endpoint in front of policy-chosen targets.
 * {@code java -jar gateway-service.jar} serves; {@code policy ...} and {@code apikey ...} are admin commands.
 */
@SpringBootApplication
public class GatewayApplication {
    public static void main(String[] args) {
        if (GatewayCommand.handles(args)) {
            System.exit(GatewayCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
