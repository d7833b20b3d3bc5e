package io.multiws.autoconfigure;

import io.multiws.cluster.RedisWsRelay;
import io.multiws.cluster.RelaySettings;
import io.multiws.hub.WsJsonCodec;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the multi-ws cluster relay: with Spring Data Redis (Lettuce) and
 * {@code multi-ws.cluster.enabled=true}, a {@link RedisWsRelay} on the application's
 * {@link RedisConnectionFactory} replaces the in-process relay, on one Redis server or on a
 * Redis Cluster ({@code spring.data.redis.cluster.nodes}). It runs before
 * {@link MultiWsAutoConfiguration}, whose default relay then backs off.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@AutoConfiguration(before = MultiWsAutoConfiguration.class, after = DataRedisAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "multi-ws.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("multi-ws.cluster.enabled")
@ConditionalOnClass({ RedisConnectionFactory.class, ReactiveRedisConnectionFactory.class, Mono.class })
@EnableConfigurationProperties(MultiWsProperties.class)
public final class MultiWsClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(io.multiws.hub.WsRelay.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	RedisWsRelay multiWsClusterRelay(RedisConnectionFactory connectionFactory, ObjectProvider<WsJsonCodec> jsonCodec,
			MultiWsProperties properties) {
		MultiWsProperties.Cluster cluster = properties.getCluster();
		String instanceId = (cluster.getInstanceId() != null) ? cluster.getInstanceId()
				: RelaySettings.randomInstanceId();
		return new RedisWsRelay(connectionFactory, jsonCodec.getIfAvailable(WsJsonCodec::unavailable),
				new RelaySettings(cluster.getChannelPrefix(), instanceId, cluster.getHeartbeatInterval(),
						cluster.getInstanceExpiry(), cluster.getMaxPendingPublishes(), cluster.getMaxRetryInterval(),
						cluster.getHistoryDeliveryMargin().toBytes(), cluster.isShardedPubSub()));
	}

}
