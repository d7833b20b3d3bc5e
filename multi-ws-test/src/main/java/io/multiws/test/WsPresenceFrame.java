package io.multiws.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.multiws.hub.WsPresenceMember;

/**
 * A presence frame that a test peer received from an endpoint with
 * {@code multi-ws.endpoints.<name>.presence.push-diffs}: who is here when the session
 * joined ({@code {"presence":"state","members":[...]}}), then who joins and who leaves.
 *
 * @param type what the frame says
 * @param members every member, with its metadata and session count, for
 * {@link Type#STATE}; the member that joined, with its metadata and one session, for
 * {@link Type#JOIN}; the member that left, with no metadata and no session, for
 * {@link Type#LEAVE}
 * @author multi-ws team
 * @since 0.2.0
 * @see WsReceiver#awaitPresence()
 */
public record WsPresenceFrame(Type type, List<WsPresenceMember> members) {

	/**
	 * Create a frame.
	 * @param type what the frame says
	 * @param members the members it names
	 */
	public WsPresenceFrame {
		members = List.copyOf(members);
	}

	/**
	 * Return the members by key, in order.
	 * @return key to member
	 */
	public Map<String, WsPresenceMember> membersByKey() {
		Map<String, WsPresenceMember> byKey = new LinkedHashMap<>();
		this.members.forEach((member) -> byKey.put(member.key(), member));
		return byKey;
	}

	/**
	 * Return the key of the member that joined or left.
	 * @return the key
	 * @throws IllegalStateException for a {@link Type#STATE} frame
	 */
	public String key() {
		if (this.type == Type.STATE) {
			throw new IllegalStateException("A presence state names every member: use members()");
		}
		return this.members.get(0).key();
	}

	@Override
	public String toString() {
		return "presence " + this.type.name().toLowerCase(Locale.ROOT) + " "
				+ ((this.type == Type.STATE) ? membersByKey().keySet().toString() : "'" + key() + "'");
	}

	/**
	 * What a presence frame says.
	 */
	public enum Type {

		/**
		 * Who is here, the first presence frame of a session.
		 */
		STATE,

		/**
		 * A key's first session joined.
		 */
		JOIN,

		/**
		 * A key's last session left.
		 */
		LEAVE

	}

}
