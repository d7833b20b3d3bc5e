package io.multiws.hub;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a hub has been removed after its last session left.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHubRemovedEvent extends ApplicationEvent {

	/**
	 * Create a new event.
	 * @param hub the hub
	 */
	public WsHubRemovedEvent(WsHub hub) {
		super(hub);
	}

	/**
	 * Return the hub.
	 * @return the hub
	 */
	public WsHub getHub() {
		return (WsHub) getSource();
	}

}
