package io.multiws.hub;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a presence key has its first session in a hub whose endpoint sets
 * {@code multi-ws.endpoints.<name>.presence.enabled}: once per key, not per session. With
 * the cluster relay, it is published on the instance of the session only.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public class WsPresenceJoinedEvent extends ApplicationEvent {

	private final WsPresenceMember member;

	/**
	 * Create a new event.
	 * @param hub the hub
	 * @param member the member
	 */
	public WsPresenceJoinedEvent(WsHub hub, WsPresenceMember member) {
		super(hub);
		this.member = member;
	}

	/**
	 * Return the hub.
	 * @return the hub
	 */
	public WsHub getHub() {
		return (WsHub) getSource();
	}

	/**
	 * Return the member.
	 * @return the member
	 */
	public WsPresenceMember getMember() {
		return this.member;
	}

}
