package io.multiws.actuate;

import java.time.Instant;

import io.multiws.cluster.RedisWsRelay;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the Redis relay: up while Redis answers its heartbeats; down, with the
 * start of the outage, while it does not; unknown until it first answered. Every state
 * reports the broadcasts published, received and lost since start.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class RedisRelayHealthIndicator extends AbstractHealthIndicator {

	private final RedisWsRelay relay;

	/**
	 * Create an indicator.
	 * @param relay the relay
	 */
	public RedisRelayHealthIndicator(RedisWsRelay relay) {
		super("Redis relay health check failed");
		this.relay = relay;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant downSince = this.relay.getUnavailableSince();
		if (this.relay.isRedisAvailable()) {
			builder.up();
		}
		else if (downSince != null) {
			builder.down().withDetail("unavailableSince", downSince.toString());
		}
		else {
			builder.unknown();
		}
		builder.withDetail("instanceId", this.relay.getInstanceId())
			.withDetail("subscribed", this.relay.isSubscribed())
			.withDetail("subscribedHubs", this.relay.getSubscribedHubs())
			.withDetail("otherInstances", this.relay.getOtherInstances())
			.withDetail("published", this.relay.getPublishedMessages())
			.withDetail("received", this.relay.getReceivedMessages())
			.withDetail("lost", this.relay.getLostMessages());
	}

}
