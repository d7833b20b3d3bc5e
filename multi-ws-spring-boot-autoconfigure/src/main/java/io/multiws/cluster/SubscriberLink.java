package io.multiws.cluster;

/**
 * One subscribing connection of the relay: classic pub/sub on one connection, or sharded
 * pub/sub on the node of each channel's slot. Called by the subscription thread only;
 * messages arrive on the driver's threads.
 *
 * @author multi-ws team
 */
interface SubscriberLink {

	/**
	 * Subscribe to more channels.
	 * @param channels the channels
	 */
	void subscribe(byte[][] channels);

	/**
	 * Unsubscribe from channels.
	 * @param channels the channels
	 */
	void unsubscribe(byte[][] channels);

	/**
	 * Whether the connection still receives messages; a dead one is replaced.
	 * @return {@code true} while alive
	 */
	boolean isAlive();

	/**
	 * Subscribe again to what the cluster's topology changes dropped, such as the channels
	 * of a shard that restarted or of a slot that moved; nothing for classic pub/sub,
	 * which the driver subscribes again itself.
	 */
	default void maintain() {
	}

	/**
	 * Return the number of channels subscribed to but not confirmed yet.
	 * @return the channel count
	 */
	default int pending() {
		return 0;
	}

	/**
	 * Close the connection, which unsubscribes from every channel.
	 */
	void close();

	/**
	 * Receives the messages of every subscribed channel.
	 */
	interface MessageSink {

		/**
		 * Handle a message.
		 * @param channel the channel
		 * @param body the message
		 */
		void accept(byte[] channel, byte[] body);

		/**
		 * Learn that Redis confirmed a subscription: every message published on the
		 * channel from now on arrives.
		 * @param channel the channel
		 */
		default void subscribed(byte[] channel) {
		}

	}

}
