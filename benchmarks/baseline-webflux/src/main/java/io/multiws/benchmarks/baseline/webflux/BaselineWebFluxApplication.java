package io.multiws.benchmarks.baseline.webflux;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * The reactive benchmark baseline: the sample's {@code /echo/{id}} and
 * {@code /rooms/{room}} contract written plainly on Spring WebFlux and Reactor Netty, with
 * no multi-ws on the classpath.
 *
 * @author multi-ws team
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BaselineWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineWebFluxApplication.class, args);
	}

	@Bean
	RoomHandler roomHandler() {
		return new RoomHandler();
	}

	@Bean
	HandlerMapping webSocketMapping(RoomHandler roomHandler) {
		return new SimpleUrlHandlerMapping(Map.of("/echo/*", new EchoHandler(), "/rooms/*", roomHandler), -1);
	}

	@Bean
	RouterFunction<ServerResponse> hubsRoute(RoomHandler roomHandler) {
		return RouterFunctions.route()
			.GET("/api/hubs", (request) -> ServerResponse.ok().bodyValue(roomHandler.rooms()))
			.build();
	}

}
