package io.multiws.benchmarks.baseline.servlet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers the two handlers, any origin allowed, as the sample allows for these paths.
 *
 * @author multi-ws team
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

	private final RoomHandler roomHandler;

	WebSocketConfig(RoomHandler roomHandler) {
		this.roomHandler = roomHandler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new EchoHandler(), "/echo/*").setAllowedOrigins("*");
		registry.addHandler(this.roomHandler, "/rooms/*").setAllowedOrigins("*");
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		RoomHandler roomHandler() {
			return new RoomHandler();
		}

	}

}
