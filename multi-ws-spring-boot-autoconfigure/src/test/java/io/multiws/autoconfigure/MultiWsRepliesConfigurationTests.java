package io.multiws.autoconfigure;

import java.util.Map;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.ReplySettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.endpoint.AnnotatedWsEndpointHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the request-reply properties of an endpoint and their start-up checks.
 *
 * @author multi-ws team
 */
class MultiWsRepliesConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class))
		.withUserConfiguration(AskConfiguration.class);

	@Test
	void bindsWithDefaults() {
		MultiWsProperties.Endpoint ask = bind(Map.of("multi-ws.endpoints.ask.replies.enabled", "true"))
			.getEndpoints()
			.get("ask");
		assertThat(ask.getReplies().isEnabled()).isTrue();
		assertThat(ask.getReplies().getMaxPending()).isEqualTo(100);
		assertThat(bind(Map.of("multi-ws.endpoints.ask.replies.max-pending", "7")).getEndpoints()
			.get("ask")
			.getReplies()
			.getMaxPending()).isEqualTo(7);
	}

	@Test
	void endpointsHaveNoRepliesUnlessConfigured() {
		this.contextRunner.run((context) -> {
			WsEndpointDefinition ask = ask(context.getBean(WsEndpointMappings.class));
			assertThat(ask.replies()).isEqualTo(ReplySettings.none());
			assertThat(ask.replies().enabled()).isFalse();
			assertThat(ask.handler()).as("the endpoint's own handler, reading no envelope")
				.isInstanceOf(AnnotatedWsEndpointHandler.class);
		});
	}

	@Test
	void resolvesTheSettingsOfTheEndpoint() {
		this.contextRunner
			.withPropertyValues("multi-ws.endpoints.ask.replies.enabled=true",
					"multi-ws.endpoints.ask.replies.max-pending=12")
			.run((context) -> {
				WsEndpointDefinition ask = ask(context.getBean(WsEndpointMappings.class));
				assertThat(ask.replies()).isEqualTo(new ReplySettings(true, 12));
				assertThat(ask.handler()).as("a handler that reads the envelope first")
					.isNotInstanceOf(AnnotatedWsEndpointHandler.class)
					.hasToString("Replies to " + ask.handler().toString().substring("Replies to ".length()));
				assertThat(ask.handler().handlesRequests()).isTrue();
			});
	}

	@Test
	void failsForABoundThatIsNotPositive() {
		this.contextRunner
			.withPropertyValues("multi-ws.endpoints.ask.replies.enabled=true",
					"multi-ws.endpoints.ask.replies.max-pending=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessageContaining("multi-ws.endpoints.ask.replies.max-pending must be positive, was 0"));
	}

	@Test
	void failsForAWebSocketHandlerWhoseMessagesHaveNoResult() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class,
					MultiWsWebMvcAutoConfiguration.class))
			.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("multi-ws.endpoints.handler.replies.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessageContaining("@WsEndpoint bean 'handler' cannot answer requests: it is a WebSocketHandler"));
	}

	private static WsEndpointDefinition ask(WsEndpointMappings mappings) {
		return mappings.endpoints().stream().filter((endpoint) -> endpoint.name().equals("ask")).findFirst().orElseThrow();
	}

	private static MultiWsProperties bind(Map<String, String> map) {
		return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("multi-ws",
				Bindable.of(MultiWsProperties.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class AskConfiguration {

		@Bean
		Ask ask() {
			return new Ask();
		}

	}

	@WsEndpoint(name = "ask", paths = "/ask/{id}")
	static class Ask {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		Handler handler() {
			return new Handler();
		}

	}

	@WsEndpoint(paths = "/handler/{id}")
	static class Handler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

}
