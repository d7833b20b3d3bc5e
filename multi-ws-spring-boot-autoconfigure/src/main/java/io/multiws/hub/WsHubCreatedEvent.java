package io.multiws.hub;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a hub has been created by the first successful upgrade to its path.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHubCreatedEvent extends ApplicationEvent {

	/**
	 * Create a new event.
	 * @param hub the hub
	 */
	public WsHubCreatedEvent(WsHub hub) {
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
