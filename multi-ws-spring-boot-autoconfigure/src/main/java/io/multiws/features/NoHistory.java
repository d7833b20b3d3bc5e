package io.multiws.features;

import java.util.List;

import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsHubHistory;

/**
 * The history shown for a hub whose endpoint keeps none: empty and disabled.
 *
 * @author multi-ws team
 */
final class NoHistory implements WsHubHistory {

	static final WsHubHistory INSTANCE = new NoHistory();

	private NoHistory() {
	}

	@Override
	public boolean isEnabled() {
		return false;
	}

	@Override
	public List<WsHistoryEntry> entries() {
		return List.of();
	}

	@Override
	public long lastId() {
		return 0;
	}

	@Override
	public int size() {
		return 0;
	}

	@Override
	public long retainedBytes() {
		return 0;
	}

	@Override
	public String toString() {
		return "WsHubHistory[disabled]";
	}

}
