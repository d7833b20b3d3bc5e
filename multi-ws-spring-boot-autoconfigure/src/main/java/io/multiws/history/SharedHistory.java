package io.multiws.history;

import java.util.concurrent.CompletionStage;

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
	 * Bring the history of a hub up to date with the store before a session joins it:
	 * filled with the store's last broadcasts if this instance has not read them yet
	 * (primed), otherwise given what the store took since this instance last read it. A
	 * joiner then replays everything the cluster broadcast before it joined, whichever
	 * instance the broadcasts were made on.
	 * <p>
	 * Never blocks the caller: the store is read on the relay's own threads. The stage
	 * completes once the history is up to date, or at once when the store cannot be
	 * reached or its readers are busy, in which case the history catches up as the relay
	 * reads on.
	 * @param history the history
	 * @return a stage that completes when the joiner may replay the history
	 */
	CompletionStage<Void> catchUp(HubHistory history);

}
