package io.multiws.sample.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The multi-ws sample: four independent WebSocket "servers" (echo, rooms, ticker, polls),
 * each a {@code @WsEndpoint} bean in its own package, in one Spring MVC application.
 *
 * @author multi-ws team
 */
@SpringBootApplication(scanBasePackages = "io.multiws.sample")
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
