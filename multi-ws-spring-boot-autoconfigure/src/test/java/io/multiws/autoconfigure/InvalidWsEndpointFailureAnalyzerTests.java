package io.multiws.autoconfigure;

import java.util.Map;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidWsEndpointFailureAnalyzer}.
 *
 * @author multi-ws team
 */
class InvalidWsEndpointFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class))
		.withUserConfiguration(EndpointsConfiguration.class);

	@Test
	void anUnknownEndpointKeyIsDescribedWithTheKnownNamesInTheAction() {
		FailureAnalysis analysis = analyze(createFailure("multi-ws.endpoints.gaem-endpoint.history.size=5"));
		assertThat(analysis.getDescription())
			.isEqualTo("multi-ws.endpoints.gaem-endpoint names no @WsEndpoint bean. Known endpoint names: 'chat', "
					+ "'game-endpoint' (declared 'gameEndpoint')");
		assertThat(analysis.getAction()).isEqualTo("Did you mean 'game-endpoint'? Use the name of one of the "
				+ "application's @WsEndpoint beans as the key under multi-ws.endpoints (its name attribute, else its "
				+ "bean name, in kebab-case or as declared), or remove the entry. Known endpoint names: 'chat', "
				+ "'game-endpoint' (declared 'gameEndpoint')");
	}

	@Test
	void anUnknownKeyFarFromEveryNameSuggestsNone() {
		FailureAnalysis analysis = analyze(createFailure("multi-ws.endpoints.lobby.max-hubs=5"));
		assertThat(analysis.getAction()).startsWith("Use the name of one of the application's @WsEndpoint beans")
			.contains("'chat'", "'game-endpoint'");
	}

	@Test
	void anInvalidValueNamesThePropertyAndWhatToDo() {
		FailureAnalysis analysis = analyze(createFailure("multi-ws.endpoints.chat.presence.push-diffs=true"));
		assertThat(analysis.getDescription()).isEqualTo("multi-ws.endpoints.chat.presence.push-diffs needs presence: "
				+ "set multi-ws.endpoints.chat.presence.enabled=true");
		assertThat(analysis.getAction()).isEqualTo("Set multi-ws.endpoints.chat.presence.enabled=true, or remove "
				+ "multi-ws.endpoints.chat.presence.push-diffs");
	}

	@Test
	void theDescriptionSaysWhereThePropertyWasSet() {
		MockEnvironment environment = new MockEnvironment();
		ClassPathResource resource = new ClassPathResource("application.yml");
		environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("application.yml",
					Map.of("multi-ws.endpoints.gaem-endpoint.history.size",
							OriginTrackedValue.of("5", new TextResourceOrigin(resource, new Location(3, 12))),
							"multi-ws.endpoints.chat.history.size",
							OriginTrackedValue.of("5", new TextResourceOrigin(resource, new Location(6, 12))))));
		InvalidWsEndpointPropertyException failure = new InvalidWsEndpointPropertyException(
				"multi-ws.endpoints.gaem-endpoint", "multi-ws.endpoints.gaem-endpoint names no @WsEndpoint bean",
				"Use a known name");
		FailureAnalysis analysis = new InvalidWsEndpointFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis.getDescription())
			.isEqualTo(String.format("multi-ws.endpoints.gaem-endpoint names no @WsEndpoint bean%n%nSet in:%n\t- "
					+ "multi-ws.endpoints.gaem-endpoint.history.size (from class path resource [application.yml] - "
					+ "4:13)"));
	}

	@Test
	void aMistakeInAnEndpointHasTheDefaultAction() {
		FailureAnalysis analysis = analyze(new InvalidWsEndpointException("Invalid @OnOpen method X.y"));
		assertThat(analysis.getDescription()).isEqualTo("Invalid @OnOpen method X.y");
		assertThat(analysis.getAction())
			.isEqualTo("Correct the @WsEndpoint bean or its multi-ws configuration as described above.");
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(analyze(new IllegalStateException("other"))).isNull();
	}

	private Throwable createFailure(String property) {
		Throwable[] failure = new Throwable[1];
		this.contextRunner.withPropertyValues(property).run((context) -> failure[0] = context.getStartupFailure());
		assertThat(NestedExceptionUtils.getRootCause(failure[0])).isInstanceOf(InvalidWsEndpointException.class);
		return failure[0];
	}

	private static FailureAnalysis analyze(Throwable failure) {
		return new InvalidWsEndpointFailureAnalyzer(new MockEnvironment()).analyze(failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class EndpointsConfiguration {

		@Bean
		GameEndpoint gameEndpoint() {
			return new GameEndpoint();
		}

		@Bean
		Chat chat() {
			return new Chat();
		}

	}

	@WsEndpoint("/games/{game}")
	static class GameEndpoint {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@WsEndpoint("/chat/{room}")
	static class Chat {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
