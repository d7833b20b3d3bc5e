package io.multiws.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.multiws.admission.ClientAddresses.ForwardedHeader;
import io.multiws.hub.OverflowPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultiWsProperties}.
 *
 * @author multi-ws team
 */
class MultiWsPropertiesTests {

	private MultiWsProperties bind(Map<String, String> map) {
		return new Binder(new MapConfigurationPropertySource(map))
			.bindOrCreate("multi-ws", Bindable.of(MultiWsProperties.class));
	}

	private MultiWsProperties bind(String name, String value) {
		Map<String, String> map = new HashMap<>();
		map.put(name, value);
		return bind(map);
	}

	@Nested
	class Defaults {

		@Test
		void areSafe() {
			MultiWsProperties properties = bind(Map.of());
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getAllowedOrigins()).isEmpty();
			assertThat(properties.getMaxHubs()).isEqualTo(10_000);
			assertThat(properties.getMaxPathLength()).isEqualTo(256);
			assertThat(properties.getHub().getEmptyTimeout()).isZero();
			assertThat(properties.getHub().getMaxSessions()).isEqualTo(10_000);
			assertThat(properties.getSession().getMaxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.getSession().getSendBufferSize()).isEqualTo(DataSize.ofKilobytes(512));
			assertThat(properties.getSession().getOverflowPolicy()).isEqualTo(OverflowPolicy.CLOSE);
			assertThat(properties.getSession().getPingInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(properties.getSession().getIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.getSession().isCompression()).isFalse();
			assertThat(properties.getHistory().getMaxTotalBytes()).as("a tenth of the heap").isNull();
		}

	}

	@Nested
	class Global {

		@Test
		void bindsOrigins() {
			MultiWsProperties properties = bind(Map.of("multi-ws.allowed-origins", "https://a.example,https://b.example",
					"multi-ws.allowed-origin-patterns[0]", "https://*.c.example"));
			assertThat(properties.getAllowedOrigins()).containsExactly("https://a.example", "https://b.example");
			assertThat(properties.getAllowedOriginPatterns()).containsExactly("https://*.c.example");
		}

		@Test
		void bindsHubSettings() {
			MultiWsProperties properties = bind(Map.of("multi-ws.hub.empty-timeout", "30s", "multi-ws.hub.max-sessions",
					"50", "multi-ws.max-hubs", "9"));
			assertThat(properties.getHub().getEmptyTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getHub().getMaxSessions()).isEqualTo(50);
			assertThat(properties.getMaxHubs()).isEqualTo(9);
		}

		@Test
		void bindsSessionSettings() {
			MultiWsProperties properties = bind(Map.of("multi-ws.session.send-buffer-size", "1MB",
					"multi-ws.session.overflow-policy", "drop-oldest", "multi-ws.session.send-time-limit", "250ms"));
			assertThat(properties.getSession().getSendBufferSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.getSession().getOverflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
			assertThat(properties.getSession().getSendTimeLimit()).isEqualTo(Duration.ofMillis(250));
		}

	}

	@Nested
	class Endpoints {

		@Test
		void bindsPathsAndOverridesByName() {
			MultiWsProperties properties = bind(Map.of("multi-ws.endpoints.chat.paths", "/app-b/chat/{room}",
					"multi-ws.endpoints.chat.max-text-message-size", "1MB",
					"multi-ws.endpoints.chat.require-authentication", "true"));
			MultiWsProperties.Endpoint chat = properties.getEndpoints().get("chat");
			assertThat(chat.getPaths()).containsExactly("/app-b/chat/{room}");
			assertThat(chat.getMaxTextMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(chat.getRequireAuthentication()).isTrue();
			assertThat(chat.getSendTimeLimit()).as("unset falls back to the global value").isNull();
		}

		@Test
		void leavesUnsetOverridesNull() {
			MultiWsProperties.Endpoint chat = bind("multi-ws.endpoints.chat.allowed-origins", "*").getEndpoints()
				.get("chat");
			assertThat(chat.getAllowedOrigins()).isEqualTo(List.of("*"));
			assertThat(chat.getAllowedOriginPatterns()).isNull();
			assertThat(chat.getOverflowPolicy()).isNull();
			assertThat(chat.getCompression()).isNull();
		}

		@Test
		void bindsCompressionGloballyAndPerEndpoint() {
			MultiWsProperties properties = bind(
					Map.of("multi-ws.session.compression", "true", "multi-ws.endpoints.feed.compression", "false"));
			assertThat(properties.getSession().isCompression()).isTrue();
			assertThat(properties.getEndpoints().get("feed").getCompression()).isFalse();
		}

	}

	@Nested
	class Cluster {

		@Test
		void isOffByDefault() {
			MultiWsProperties.Cluster cluster = bind(Map.of()).getCluster();
			assertThat(cluster.isEnabled()).isFalse();
			assertThat(cluster.getChannelPrefix()).isEqualTo("multi-ws:");
			assertThat(cluster.getInstanceId()).as("random when unset").isNull();
			assertThat(cluster.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
			assertThat(cluster.getInstanceExpiry()).isEqualTo(Duration.ofSeconds(10));
			assertThat(cluster.getMaxPendingPublishes()).isEqualTo(10_000);
			assertThat(cluster.getMaxRetryInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(cluster.getHistoryDeliveryMargin()).isEqualTo(DataSize.ofMegabytes(1));
		}

		@Test
		void bindsTheHistoryDeliveryMargin() {
			assertThat(bind("multi-ws.cluster.history-delivery-margin", "256KB").getCluster().getHistoryDeliveryMargin())
				.isEqualTo(DataSize.ofKilobytes(256));
		}

		@Test
		void bindsEverySetting() {
			MultiWsProperties.Cluster cluster = bind(Map.of("multi-ws.cluster.enabled", "true",
					"multi-ws.cluster.channel-prefix", "chat:", "multi-ws.cluster.instance-id", "node-1",
					"multi-ws.cluster.heartbeat-interval", "500ms", "multi-ws.cluster.instance-expiry", "3s",
					"multi-ws.cluster.max-pending-publishes", "100", "multi-ws.cluster.max-retry-interval", "1m"))
				.getCluster();
			assertThat(cluster.isEnabled()).isTrue();
			assertThat(cluster.getChannelPrefix()).isEqualTo("chat:");
			assertThat(cluster.getInstanceId()).isEqualTo("node-1");
			assertThat(cluster.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(500));
			assertThat(cluster.getInstanceExpiry()).isEqualTo(Duration.ofSeconds(3));
			assertThat(cluster.getMaxPendingPublishes()).isEqualTo(100);
			assertThat(cluster.getMaxRetryInterval()).isEqualTo(Duration.ofMinutes(1));
		}

	}

	@Nested
	class Reactive {

		@Test
		void defaultsToABoundedCallbackPool() {
			MultiWsProperties.Reactive reactive = bind(Map.of()).getReactive();
			assertThat(reactive.isCallbacksOnEventLoop()).isFalse();
			assertThat(reactive.getCallbackThreads()).isEqualTo(16);
			assertThat(reactive.getMaxQueuedHandshakes()).isEqualTo(256);
		}

		@Test
		void bindsTheThreadingModel() {
			MultiWsProperties.Reactive reactive = bind(Map.of("multi-ws.reactive.callbacks-on-event-loop", "true",
					"multi-ws.reactive.callback-threads", "4", "multi-ws.reactive.max-queued-handshakes", "32"))
				.getReactive();
			assertThat(reactive.isCallbacksOnEventLoop()).isTrue();
			assertThat(reactive.getCallbackThreads()).isEqualTo(4);
			assertThat(reactive.getMaxQueuedHandshakes()).isEqualTo(32);
		}

	}

	@Nested
	class Limits {

		@Test
		void haveSafeDefaults() {
			MultiWsProperties.Limits limits = bind(Map.of()).getLimits();
			assertThat(limits.getMaxSessions()).as("derived from the server").isNull();
			assertThat(limits.getMaxSessionsPerClient()).isEqualTo(100);
			assertThat(limits.getMaxHandshakesPerClientPerSecond()).isEqualTo(20);
			assertThat(limits.getMaxTrackedClients()).isEqualTo(100_000);
			assertThat(limits.getExemptAddresses()).containsExactly("127.0.0.0/8", "::1");
			assertThat(limits.getTrustedProxies()).containsExactly("127.0.0.0/8", "::1");
			assertThat(limits.getForwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
			assertThat(limits.getMaxInboundMessagesPerSecond()).isEqualTo(100);
			assertThat(limits.getMaxInboundBytesPerSecond()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(limits.getInboundOverflowPolicy()).isEqualTo(OverflowPolicy.CLOSE);
		}

		@Test
		void bindsEveryProperty() {
			Map<String, String> map = new HashMap<>();
			map.put("multi-ws.limits.max-sessions", "600");
			map.put("multi-ws.limits.max-sessions-per-client", "5");
			map.put("multi-ws.limits.max-handshakes-per-client-per-second", "2");
			map.put("multi-ws.limits.exempt-addresses", "10.1.2.3, 192.168.0.0/16");
			map.put("multi-ws.limits.trusted-proxies", "10.0.0.0/8");
			map.put("multi-ws.limits.forwarded-header", "forwarded");
			map.put("multi-ws.limits.max-inbound-bytes-per-second", "64KB");
			map.put("multi-ws.limits.inbound-overflow-policy", "drop-newest");
			map.put("multi-ws.endpoints.game.max-inbound-messages-per-second", "60");
			MultiWsProperties properties = bind(map);
			MultiWsProperties.Limits limits = properties.getLimits();
			assertThat(limits.getMaxSessions()).isEqualTo(600);
			assertThat(limits.getMaxSessionsPerClient()).isEqualTo(5);
			assertThat(limits.getMaxHandshakesPerClientPerSecond()).isEqualTo(2);
			assertThat(limits.getExemptAddresses()).containsExactly("10.1.2.3", "192.168.0.0/16");
			assertThat(limits.getTrustedProxies()).containsExactly("10.0.0.0/8");
			assertThat(limits.getForwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
			assertThat(limits.getMaxInboundBytesPerSecond()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(limits.getInboundOverflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
			assertThat(properties.getEndpoints().get("game").getMaxInboundMessagesPerSecond()).isEqualTo(60);
		}

	}

	@Nested
	class Observations {

		@Test
		void observeNoMessageByDefault() {
			MultiWsProperties properties = bind(Map.of("multi-ws.endpoints.chat.paths", "/chat/{room}"));
			assertThat(properties.getObservations().getMessages().isEnabled()).isFalse();
			assertThat(properties.getEndpoints().get("chat").getObservations().getMessages().getEnabled())
				.as("unset falls back to the global value")
				.isNull();
		}

		@Test
		void bindMessagesGloballyAndPerEndpoint() {
			MultiWsProperties properties = bind(Map.of("multi-ws.observations.messages.enabled", "true",
					"multi-ws.endpoints.feed.observations.messages.enabled", "false"));
			assertThat(properties.getObservations().getMessages().isEnabled()).isTrue();
			assertThat(properties.getEndpoints().get("feed").getObservations().getMessages().getEnabled()).isFalse();
		}

	}

}
