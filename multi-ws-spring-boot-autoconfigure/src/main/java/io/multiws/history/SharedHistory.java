package io.multiws.history;

/**
 * A store that numbers the broadcasts of history hubs for every instance of a cluster,
 * implemented by a cluster relay. Broadcasts reach the instances through the relay, in id
 * order, and are handed to {@link HubHistory#accept}.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public interface SharedHistory {

	/**
	 * Fill the history of a hub that is being created on this instance with the store's
	 * last broadcasts, and start receiving the hub's broadcasts. Called before the hub's
	 * first join, on the joining thread (an event loop on WebFlux), so it never waits on
	 * the store: it reads it on a thread of its own, after holding the joiners' replay with
	 * {@link HubHistory#awaitPrime()}, and leaves the history numbering on its own if the
	 * store cannot be reached ({@link HubHistory#primeFailed()}).
	 * @param history the history
	 */
	void prime(HubHistory history);

}
