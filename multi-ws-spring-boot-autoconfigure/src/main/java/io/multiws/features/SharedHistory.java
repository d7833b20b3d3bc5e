package io.multiws.features;

import java.util.concurrent.CompletionStage;

import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Called once by the registry that keeps the histories, before any join.
	 * @param host the registry's side of the store
	 */
	void attach(Host host);

	/**
	 * What a shared history needs of the registry that keeps the histories.
	 */
	interface Host {

		/**
		 * Deliver a broadcast numbered by the store to the local sessions of a path.
		 * @param path the canonical hub path
		 * @param id the id the store gave
		 * @param millis when it was broadcast, in milliseconds
		 * @param payload the payload
		 * @param excludedSessionId the id of the local session to skip, or {@code null}
		 * @return the number of sessions it was queued for
		 */
		int deliverShared(String path, long id, long millis, WsPayload payload, @Nullable String excludedSessionId);

		/**
		 * Return the feature settings of the endpoint that a canonical path belongs to.
		 * @param path the canonical hub path
		 * @return the settings, or {@code null} if no endpoint maps the path
		 */
		@Nullable HubFeatureSettings endpointFeatures(String path);

		/**
		 * Whether any endpoint keeps a history.
		 * @return {@code true} if one does
		 */
		boolean keepsHistory();

		/**
		 * Return the history, presence and per-user state kept beside the hubs.
		 * @return the features
		 */
		HubFeatures features();

	}

}
