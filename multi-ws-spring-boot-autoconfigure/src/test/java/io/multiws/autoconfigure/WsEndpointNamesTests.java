package io.multiws.autoconfigure;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the keys under {@code multi-ws.endpoints}: an endpoint's name in kebab-case
 * or as declared, as Spring Boot's relaxed binding reads property names.
 *
 * @author multi-ws team
 */
class WsEndpointNamesTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class))
		.withUserConfiguration(GameConfiguration.class);

	@Test
	void aKebabCaseKeyConfiguresTheBeanOfThatName() {
		this.contextRunner.withPropertyValues("multi-ws.endpoints.game-endpoint.max-sessions-per-hub=7")
			.run((context) -> assertThat(game(context.getBean(WsEndpointMappings.class)).settings().maxSessionsPerHub())
				.isEqualTo(7));
	}

	@Test
	void theBeanNameAsDeclaredIsAKeyToo() {
		this.contextRunner.withPropertyValues("multi-ws.endpoints.gameEndpoint.max-sessions-per-hub=8")
			.run((context) -> assertThat(game(context.getBean(WsEndpointMappings.class)).settings().maxSessionsPerHub())
				.isEqualTo(8));
	}

	@Test
	void theEndpointKeepsItsDeclaredName() {
		this.contextRunner.withPropertyValues("multi-ws.endpoints.game-endpoint.history.size=5")
			.run((context) -> assertThat(game(context.getBean(WsEndpointMappings.class)).features().historySize())
				.isEqualTo(5));
	}

	@Test
	void twoKeysForOneEndpointFailStartUp() {
		this.contextRunner
			.withPropertyValues("multi-ws.endpoints.gameEndpoint.max-hubs=3",
					"multi-ws.endpoints.game-endpoint.max-hubs=4")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointPropertyException.class)
				.hasMessageContaining("both configure WebSocket endpoint 'gameEndpoint'"));
	}

	@Test
	void twoEndpointsWhoseNamesAreOneKeyFailStartUp() {
		this.contextRunner.withUserConfiguration(ClashConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessage("The @WsEndpoint beans 'gameEndpoint' and 'clash' are named 'gameEndpoint' and "
						+ "'game-endpoint', which are one name under multi-ws.endpoints"));
	}

	@Test
	void anUnknownKeySuggestsTheClosestName() {
		this.contextRunner.withPropertyValues("multi-ws.endpoints.game-endpoit.history.size=5")
			.run((context) -> {
				InvalidWsEndpointException failure = (InvalidWsEndpointException) NestedExceptionUtils
					.getRootCause(context.getStartupFailure());
				assertThat(failure).hasMessage("multi-ws.endpoints.game-endpoit names no @WsEndpoint bean. "
						+ "Known endpoint names: 'game-endpoint' (declared 'gameEndpoint')");
				assertThat(failure.getAction()).startsWith("Did you mean 'game-endpoint'? ");
			});
	}

	private static WsEndpointDefinition game(WsEndpointMappings mappings) {
		return mappings.endpoints()
			.stream()
			.filter((endpoint) -> endpoint.name().equals("gameEndpoint"))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class GameConfiguration {

		@Bean
		GameEndpoint gameEndpoint() {
			return new GameEndpoint();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClashConfiguration {

		@Bean
		Clash clash() {
			return new Clash();
		}

	}

	@WsEndpoint("/games/{game}")
	static class GameEndpoint {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@WsEndpoint(name = "game-endpoint", paths = "/clash/{id}")
	static class Clash {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
