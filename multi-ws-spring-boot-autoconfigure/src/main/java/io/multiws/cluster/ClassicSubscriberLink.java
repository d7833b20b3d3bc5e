package io.multiws.cluster;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.Subscription;

/**
 * Classic pub/sub ({@code SUBSCRIBE}) on a connection of the application's
 * {@link RedisConnectionFactory}: for one Redis server, and for a Redis Cluster without
 * sharded pub/sub, where every node forwards every message.
 *
 * @author multi-ws team
 */
final class ClassicSubscriberLink implements SubscriberLink {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final RedisConnection connection;

	private ClassicSubscriberLink(RedisConnection connection) {
		this.connection = connection;
	}

	/**
	 * Connect and subscribe.
	 * @param connectionFactory the connection factory
	 * @param sink receives the messages
	 * @param channels the first channels
	 * @return the link
	 */
	static ClassicSubscriberLink open(RedisConnectionFactory connectionFactory, MessageSink sink, byte[][] channels) {
		RedisConnection connection = connectionFactory.getConnection();
		try {
			MessageListener listener = (message, pattern) -> sink.accept(message.getChannel(), message.getBody());
			connection.subscribe(listener, channels);
			return new ClassicSubscriberLink(connection);
		}
		catch (RuntimeException ex) {
			closeQuietly(connection);
			throw ex;
		}
	}

	@Override
	public void subscribe(byte[][] channels) {
		subscription().subscribe(channels);
	}

	@Override
	public void unsubscribe(byte[][] channels) {
		subscription().unsubscribe(channels);
	}

	@Override
	public boolean isAlive() {
		Subscription subscription = this.connection.getSubscription();
		return subscription != null && subscription.isAlive();
	}

	private Subscription subscription() {
		Subscription subscription = this.connection.getSubscription();
		if (subscription == null) {
			throw new IllegalStateException("Subscription closed");
		}
		return subscription;
	}

	@Override
	public void close() {
		closeQuietly(this.connection);
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not close a Redis connection", ex);
		}
	}

	@Override
	public String toString() {
		return "ClassicSubscriberLink[alive=" + isAlive() + "]";
	}

}
