package io.multiws.autoconfigure;

import io.multiws.cluster.RedisWsRelay;
import io.multiws.cluster.RelayMode;
import io.multiws.core.LocalWsRelay;
import io.multiws.hub.WsRelay;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultiWsClusterAutoConfiguration}. No Redis server is needed: the relay
 * connects from its own threads and never holds up start-up.
 *
 * @author multi-ws team
 */
class MultiWsClusterAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class,
				MultiWsClusterAutoConfiguration.class, DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1", "multi-ws.cluster.max-retry-interval=1m");

	@Test
	void keepsTheLocalRelayUnlessEnabled() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WsRelay.class);
			assertThat(context.getBean(WsRelay.class)).isInstanceOf(LocalWsRelay.class);
		});
	}

	@Test
	void replacesTheLocalRelayWhenEnabled() {
		this.contextRunner.withPropertyValues("multi-ws.cluster.enabled=true", "multi-ws.cluster.instance-id=node-1")
			.run((context) -> {
				assertThat(context).hasSingleBean(WsRelay.class);
				assertThat(context).hasSingleBean(RedisWsRelay.class);
				RedisWsRelay relay = context.getBean(RedisWsRelay.class);
				assertThat(relay.status().instanceId()).isEqualTo("node-1");
				assertThat(relay.getHubChannel("/rooms/a b")).isEqualTo("multi-ws:hub:/rooms/a%20b");
			});
	}

	@Test
	void tagsHubKeysWithTheirPathOnARedisCluster() {
		this.contextRunner
			.withPropertyValues("multi-ws.cluster.enabled=true", "spring.data.redis.cluster.nodes=127.0.0.1:1")
			.run((context) -> {
				RedisWsRelay relay = context.getBean(RedisWsRelay.class);
				assertThat(relay.getHubChannel("/rooms/a b")).isEqualTo("multi-ws:hub:{/rooms/a%20b}");
				assertThat(relay.getHistoryStream("/rooms/a b")).isEqualTo("multi-ws:history:{/rooms/a%20b}");
				assertThat(relay.status().mode()).as("until a master said its version").isEqualTo(RelayMode.CLUSTER);
			});
	}

	@Test
	void keepsOneServersNamesAndMode() {
		this.contextRunner.withPropertyValues("multi-ws.cluster.enabled=true").run((context) -> {
			RedisWsRelay relay = context.getBean(RedisWsRelay.class);
			assertThat(relay.getHistoryStream("/rooms/a b")).isEqualTo("multi-ws:history:/rooms/a%20b");
			assertThat(relay.status().mode()).isEqualTo(RelayMode.SINGLE);
		});
	}

	@Test
	void failsForAPrefixWithABraceOnARedisCluster() {
		this.contextRunner
			.withPropertyValues("multi-ws.cluster.enabled=true", "spring.data.redis.cluster.nodes=127.0.0.1:1",
					"multi-ws.cluster.channel-prefix=app{1}:")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'multi-ws.cluster.channel-prefix' must not hold '{' or '}'"));
	}

	@Test
	void givesEachInstanceARandomIdByDefault() {
		this.contextRunner.withPropertyValues("multi-ws.cluster.enabled=true")
			.run((context) -> assertThat(context.getBean(RedisWsRelay.class).status().instanceId()).hasSize(36));
	}

	@Test
	void backsOffFromAUserRelay() {
		this.contextRunner.withPropertyValues("multi-ws.cluster.enabled=true")
			.withUserConfiguration(MultiWsAutoConfigurationTests.CustomRelayConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisWsRelay.class);
				assertThat(context).hasSingleBean(WsRelay.class);
			});
	}

	@Test
	void failsWhenEnabledWithoutSpringDataRedis() {
		this.contextRunner.withPropertyValues("multi-ws.cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("multi-ws.cluster.enabled=true needs Spring Data Redis"));
	}

	@Test
	void failsForAnExpiryShorterThanTwoHeartbeats() {
		this.contextRunner
			.withPropertyValues("multi-ws.cluster.enabled=true", "multi-ws.cluster.heartbeat-interval=2s",
					"multi-ws.cluster.instance-expiry=3s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'multi-ws.cluster.instance-expiry' (PT3S) must be at least twice"));
	}

	@Test
	void registersNothingWhenMultiWsIsDisabled() {
		this.contextRunner.withPropertyValues("multi-ws.enabled=false", "multi-ws.cluster.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(WsRelay.class));
	}

}
