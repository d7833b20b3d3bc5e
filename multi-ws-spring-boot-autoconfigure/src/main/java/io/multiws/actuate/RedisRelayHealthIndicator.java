package io.multiws.actuate;

import java.time.Instant;

import io.multiws.cluster.RedisWsRelay;
import io.multiws.cluster.RelayStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the Redis relay: {@code UP} while Redis answers its heartbeats and the
 * history of history hubs is shared by the cluster; {@code OUT_OF_SERVICE} while Redis
 * answers but that history is kept and numbered by this instance alone (a client that
 * resumes on another instance would miss broadcasts), with since when and why;
 * {@code DOWN}, with the start of the outage, while Redis does not answer; {@code UNKNOWN}
 * until it first answered. Every state reports the relay's mode ({@code single},
 * {@code cluster} or {@code sharded}) and the broadcasts published, received and lost
 * since start.
 * <p>
 * {@code OUT_OF_SERVICE} is one of Boot's own statuses: the health endpoint ranks it
 * between {@code DOWN} and {@code UP} and answers 503 for it, with no configuration.
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
		RelayStatus status = this.relay.status();
		Instant downSince = status.unavailableSince();
		Instant localSince = status.historyLocalSince();
		if (!status.redisAvailable()) {
			if (downSince != null) {
				builder.down().withDetail("unavailableSince", downSince.toString());
			}
			else {
				builder.unknown();
			}
		}
		else if (localSince != null) {
			builder.outOfService();
		}
		else {
			builder.up();
		}
		builder.withDetail("mode", status.mode().displayName()).withDetail("historyShared", localSince == null);
		if (localSince != null) {
			builder.withDetail("historyLocalSince", localSince.toString())
				.withDetail("historyLocalReason", String.valueOf(status.historyLocalReason()));
		}
		builder.withDetail("instanceId", status.instanceId())
			.withDetail("subscribed", status.subscribed())
			.withDetail("subscribedHubs", status.subscribedHubs())
			.withDetail("pendingSubscriptions", status.pendingSubscriptions())
			.withDetail("otherInstances", status.otherInstances())
			.withDetail("published", status.publishedMessages())
			.withDetail("received", status.receivedMessages())
			.withDetail("lost", status.lostMessages());
	}

}
