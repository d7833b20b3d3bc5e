package io.multiws.benchmarks.baseline.servlet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Registers the two handlers, any origin allowed, as the sample allows for these paths, and
 * the message size limits of multi-ws's defaults.
 *
 * @author multi-ws team
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

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

		/**
		 * Accept messages up to 64 KiB, as multi-ws does by default; the container's own
		 * default (8 KiB on Tomcat) would refuse the 16 KiB messages of the burst
		 * scenarios with 1009.
		 * @return the container settings
		 */
		@Bean
		ServletServerContainerFactoryBean webSocketContainer() {
			ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
			container.setMaxTextMessageBufferSize(MAX_MESSAGE_SIZE);
			container.setMaxBinaryMessageBufferSize(MAX_MESSAGE_SIZE);
			return container;
		}

	}

}
