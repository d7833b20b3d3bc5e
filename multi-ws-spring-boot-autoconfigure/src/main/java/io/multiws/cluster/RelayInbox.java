package io.multiws.cluster;

import java.util.concurrent.atomic.LongAdder;

import io.multiws.hub.WsRelayContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Takes what the other instances publish on the channels this instance subscribes to, and
 * hands each message to its job: a broadcast to the local sessions of its hub, a signal to
 * the history reader, counts, presence and departures to the heartbeat, messages,
 * requests and replies to the users' sessions. An instance's own messages coming back are
 * ignored. A confirmed subscription has the history of its hub read.
 *
 * @author multi-ws team
 */
final class RelayInbox implements SubscriberLink.MessageSink {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final ClusterHistory history;

	private final ClusterHeartbeat heartbeat;

	private final ClusterUserMessages users;

	private final LongAdder received = new LongAdder();

	private volatile @Nullable WsRelayContext context;

	/**
	 * Create the inbox.
	 * @param channels the names of the channels
	 * @param instanceId the id of this instance
	 * @param history the shared history
	 * @param heartbeat takes the other instances' heartbeats and departures
	 * @param users takes the messages to users
	 */
	RelayInbox(ClusterChannels channels, byte[] instanceId, ClusterHistory history, ClusterHeartbeat heartbeat,
			ClusterUserMessages users) {
		this.channels = channels;
		this.instanceId = instanceId;
		this.history = history;
		this.heartbeat = heartbeat;
		this.users = users;
	}

	/**
	 * Deliver the broadcasts received from now on to the sessions of this registry.
	 * @param context the registry the relay is attached to
	 */
	void attach(WsRelayContext context) {
		this.context = context;
	}

	@Override
	public void accept(byte[] channel, byte[] body) {
		ClusterEnvelope envelope = ClusterEnvelope.decode(body);
		if (envelope == null || envelope.isFrom(this.instanceId)) {
			return;
		}
		try {
			switch (envelope.kind()) {
				case ClusterEnvelope.TEXT, ClusterEnvelope.BINARY -> deliver(channel, envelope);
				case ClusterEnvelope.APPENDED -> wakeHistory(channel);
				case ClusterEnvelope.COUNTS -> this.heartbeat.countsReported(envelope);
				case ClusterEnvelope.LEAVE -> this.heartbeat.left(envelope.instanceId());
				case ClusterEnvelope.PRESENCE -> this.heartbeat.presenceReported(envelope);
				case ClusterEnvelope.USER -> this.users.deliverLocally(envelope);
				case ClusterEnvelope.USER_REQUEST -> this.users.answer(envelope);
				case ClusterEnvelope.USER_REPLY -> this.users.replied(envelope);
				default -> logger.debug("Ignored " + envelope);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not handle " + envelope, ex);
		}
	}

	private void deliver(byte[] channel, ClusterEnvelope envelope) {
		String path = this.channels.path(channel);
		if (path != null) {
			this.received.increment();
			WsRelayContext context = this.context;
			Assert.state(context != null, "The relay is not attached to a registry");
			context.deliver(path, envelope.payload(), null);
		}
	}

	/**
	 * Read the history of the channel's hub: Redis confirmed the subscription, so that a
	 * signal published before it was confirmed is not missed.
	 */
	@Override
	public void subscribed(byte[] channel) {
		wakeHistory(channel);
	}

	private void wakeHistory(byte[] channel) {
		String path = this.channels.path(channel);
		if (path != null) {
			this.history.wake(path);
		}
	}

	/**
	 * Return the number of broadcasts received from other instances for a local hub.
	 * @return the count since start
	 */
	long received() {
		return this.received.sum();
	}

	@Override
	public String toString() {
		return "RelayInbox[received=" + this.received.sum() + "]";
	}

}
