package io.multiws.features;

import java.time.Duration;

/**
 * The history and presence settings of one endpoint, resolved once at start-up.
 *
 * @param historySize the maximum number of broadcasts kept per hub, {@code 0} for no
 * history
 * @param historyTtl the maximum age of a kept broadcast, zero for no age limit
 * @param historyMaxBytes the maximum size of the broadcasts kept per hub
 * @param messageIds whether each broadcast carries its id and clients may resume
 * @param presence whether presence is tracked, with join and leave events
 * @param presenceDiffs whether presence state and diffs are pushed to the hub's clients
 * @param anonymousPresenceView what the presence frames pushed to a session without a
 * principal show; a session with one sees them {@link PresenceView#FULL full}
 * @param presenceStateMaxBytes the maximum size of the presence state a joiner is sent,
 * past which it lists fewer members and says so
 * @author multi-ws team
 * @since 0.2.0
 */
public record HubFeatureSettings(int historySize, Duration historyTtl, int historyMaxBytes, boolean messageIds,
		boolean presence, boolean presenceDiffs, PresenceView anonymousPresenceView, int presenceStateMaxBytes) {

	private static final HubFeatureSettings NONE = new HubFeatureSettings(0, Duration.ZERO, 0, false, false, false);

	/**
	 * Create settings where sessions without a principal see no presence frames and the
	 * presence state is not bounded.
	 * @param historySize the maximum number of broadcasts kept per hub, {@code 0} for no
	 * history
	 * @param historyTtl the maximum age of a kept broadcast, zero for no age limit
	 * @param historyMaxBytes the maximum size of the broadcasts kept per hub
	 * @param messageIds whether each broadcast carries its id and clients may resume
	 * @param presence whether presence is tracked, with join and leave events
	 * @param presenceDiffs whether presence state and diffs are pushed to the hub's clients
	 */
	public HubFeatureSettings(int historySize, Duration historyTtl, int historyMaxBytes, boolean messageIds,
			boolean presence, boolean presenceDiffs) {
		this(historySize, historyTtl, historyMaxBytes, messageIds, presence, presenceDiffs, PresenceView.NONE,
				Integer.MAX_VALUE);
	}

	/**
	 * Settings with every feature off.
	 * @return the settings
	 */
	public static HubFeatureSettings none() {
		return NONE;
	}

	/**
	 * Whether hubs keep a history.
	 * @return {@code true} if {@link #historySize()} is positive
	 */
	public boolean hasHistory() {
		return this.historySize > 0;
	}

}
