package io.multiws.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.WsEndpointMappings;
import io.multiws.features.HistoryBudget;
import io.multiws.features.HubFeatureSettings;
import io.multiws.features.PresenceView;
import io.multiws.hub.WsHubs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the history and presence properties of an endpoint and their start-up
 * checks.
 *
 * @author multi-ws team
 */
class MultiWsHistoryConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class))
		.withUserConfiguration(ChatConfiguration.class);

	private static DefaultWsHubs runtime(ApplicationContext context) {
		return DefaultWsHubs.of(context.getBean(WsHubs.class));
	}

	@Nested
	class Binding {

		@Test
		void isOffByDefault() {
			MultiWsProperties.Endpoint chat = bind(Map.of("multi-ws.endpoints.chat.paths", "/chat/{room}"))
				.getEndpoints()
				.get("chat");
			assertThat(chat.getHistory().getSize()).isZero();
			assertThat(chat.getHistory().getTtl()).isZero();
			assertThat(chat.getHistory().getMaxBytes()).isEqualTo(DataSize.ofKilobytes(256));
			assertThat(chat.getHistory().isMessageIds()).isFalse();
			assertThat(chat.getPresence().isEnabled()).isFalse();
			assertThat(chat.getPresence().isPushDiffs()).isFalse();
			assertThat(chat.getPresence().getAnonymousView()).as("no names to anonymous sessions")
				.isEqualTo(PresenceView.NONE);
		}

		@Test
		void bindsEverySetting() {
			MultiWsProperties.Endpoint chat = bind(Map.of("multi-ws.endpoints.chat.history.size", "50",
					"multi-ws.endpoints.chat.history.ttl", "1h", "multi-ws.endpoints.chat.history.max-bytes", "64KB",
					"multi-ws.endpoints.chat.history.message-ids", "true", "multi-ws.endpoints.chat.presence.enabled",
					"true", "multi-ws.endpoints.chat.presence.push-diffs", "true",
					"multi-ws.endpoints.chat.presence.anonymous-view", "keys"))
				.getEndpoints()
				.get("chat");
			assertThat(chat.getHistory().getSize()).isEqualTo(50);
			assertThat(chat.getHistory().getTtl()).isEqualTo(Duration.ofHours(1));
			assertThat(chat.getHistory().getMaxBytes()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(chat.getHistory().isMessageIds()).isTrue();
			assertThat(chat.getPresence().isEnabled()).isTrue();
			assertThat(chat.getPresence().isPushDiffs()).isTrue();
			assertThat(chat.getPresence().getAnonymousView()).isEqualTo(PresenceView.KEYS);
		}

		private MultiWsProperties bind(Map<String, String> map) {
			return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("multi-ws",
					Bindable.of(MultiWsProperties.class));
		}

	}

	@Test
	void resolvesTheSettingsOfTheEndpoint() {
		this.contextRunner
			.withPropertyValues("multi-ws.endpoints.chat.history.size=50", "multi-ws.endpoints.chat.history.ttl=10m",
					"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.presence.enabled=true")
			.run((context) -> assertThat(context.getBean(WsEndpointMappings.class).endpoints()).singleElement()
				.satisfies((endpoint) -> assertThat(endpoint.features()).isEqualTo(
						new HubFeatureSettings(50, Duration.ofMinutes(10), 262_144, true, true, false,
								PresenceView.NONE, (524_288 - 262_144) / 2))));
	}

	@Test
	void endpointsWithoutPropertiesHaveNoFeatures() {
		this.contextRunner.run((context) -> assertThat(context.getBean(WsEndpointMappings.class).endpoints())
			.singleElement()
			.satisfies((endpoint) -> assertThat(endpoint.features()).isEqualTo(HubFeatureSettings.none())));
	}

	@Test
	void theHistoryBudgetIsATenthOfTheHeapByDefault() {
		this.contextRunner.run((context) -> assertThat(
				runtime(context).features().historyBudget().maxBytes())
			.isEqualTo(HistoryBudget.heapDefault())
			.isCloseTo(Runtime.getRuntime().maxMemory() / 10, within(100L)));
	}

	@Test
	void theHistoryBudgetIsSetForEveryEndpoint() {
		this.contextRunner.withPropertyValues("multi-ws.history.max-total-bytes=32MB")
			.run((context) -> assertThat(runtime(context).features().historyBudget().maxBytes())
				.isEqualTo(DataSize.ofMegabytes(32).toBytes()));
	}

	@Test
	void failsForAnEmptyHistoryBudget() {
		assertFailure("multi-ws.history.max-total-bytes=0B",
				"multi-ws.history.max-total-bytes must be positive, was 0B (leave it unset for a tenth of the heap)");
	}

	@Test
	void failsForMessageIdsWithoutHistory() {
		assertFailure("multi-ws.endpoints.chat.history.message-ids=true",
				"multi-ws.endpoints.chat.history.message-ids needs a history to resume from: set "
						+ "multi-ws.endpoints.chat.history.size");
	}

	@Test
	void failsForAHistoryLargerThanTheSendBuffer() {
		assertFailure("multi-ws.endpoints.chat.history.size=10",
				"multi-ws.endpoints.chat.history.max-bytes=1MB",
				"multi-ws.endpoints.chat.history.max-bytes (1048576B) must be positive and at most the endpoint's "
						+ "send-buffer-size (524288B)");
	}

	@Test
	void failsForANegativeSize() {
		assertFailure("multi-ws.endpoints.chat.history.size=-1",
				"multi-ws.endpoints.chat.history.size must not be negative, was -1");
	}

	@Test
	void failsForANegativeTtl() {
		assertFailure("multi-ws.endpoints.chat.history.ttl=-1s",
				"multi-ws.endpoints.chat.history.ttl must not be negative");
	}

	@Test
	void failsForPresenceDiffsWithoutPresence() {
		assertFailure("multi-ws.endpoints.chat.presence.push-diffs=true",
				"multi-ws.endpoints.chat.presence.push-diffs needs presence: set "
						+ "multi-ws.endpoints.chat.presence.enabled=true");
	}

	private void assertFailure(String... propertiesThenMessage) {
		int last = propertiesThenMessage.length - 1;
		String[] properties = new String[last];
		System.arraycopy(propertiesThenMessage, 0, properties, 0, last);
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessageContaining(propertiesThenMessage[last]));
	}

	@Configuration(proxyBeanMethods = false)
	static class ChatConfiguration {

		@Bean
		Chat chat() {
			return new Chat();
		}

	}

	@WsEndpoint(name = "chat", paths = "/chat/{room}")
	static class Chat {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
