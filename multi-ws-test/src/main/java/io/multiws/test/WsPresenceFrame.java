package io.multiws.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.multiws.hub.WsPresenceMember;

/**
 * A presence frame that a test peer received from an endpoint with
 * {@code multi-ws.endpoints.<name>.presence.push-diffs}: who is here when the session
 * joined (<code>{"presence":"state","members":[...]}</code>), then what changed since
 * (<code>{"presence":"diff","joins":[...],"leaves":[...]}</code>).
 * <p>
 * The server tells changes in diffs that coalesce what changed within a tick (a quarter
 * of a second): one diff may name several members, and the state a joiner gets is the
 * membership as of the last diff, so that the joiner itself, and whoever joined just
 * before, may come in the next diff instead. {@link WsReceiver#presence()} applies the
 * frames in order and gives who is here as a peer was told.
 * <p>
 * What a frame shows of a member depends on the session's view: a session with a
 * principal sees every member's key, metadata and session count; an anonymous one what
 * {@code multi-ws.endpoints.<name>.presence.anonymous-view} allows ({@code full},
 * {@code keys}: the keys only, with no metadata and no session count, or {@code none},
 * the default: no presence frame at all).
 *
 * @param type what the frame says
 * @param members every member listed, for {@link Type#STATE}; the members that joined (or
 * whose metadata changed), for {@link Type#DIFF}
 * @param leaves the keys of the members that left, for {@link Type#DIFF}; empty for
 * {@link Type#STATE}
 * @author multi-ws team
 * @since 0.2.0
 * @see WsReceiver#awaitPresence()
 */
public record WsPresenceFrame(Type type, List<WsPresenceMember> members, List<String> leaves) {

	/**
	 * Create a frame.
	 * @param type what the frame says
	 * @param members the members listed or joining
	 * @param leaves the keys leaving
	 */
	public WsPresenceFrame {
		members = List.copyOf(members);
		leaves = List.copyOf(leaves);
	}

	/**
	 * Return the members listed or joining, by key, in order.
	 * @return key to member
	 */
	public Map<String, WsPresenceMember> membersByKey() {
		Map<String, WsPresenceMember> byKey = new LinkedHashMap<>();
		this.members.forEach((member) -> byKey.put(member.key(), member));
		return byKey;
	}

	/**
	 * Return the members that joined, as a diff tells them.
	 * @return the joining members, in order; empty for a {@link Type#STATE}
	 */
	public List<WsPresenceMember> joins() {
		return (this.type == Type.DIFF) ? this.members : List.of();
	}

	/**
	 * Whether this diff says that a key joined.
	 * @param key the presence key
	 * @return {@code true} for a diff whose joins name the key
	 */
	public boolean joins(String key) {
		return this.type == Type.DIFF && membersByKey().containsKey(key);
	}

	/**
	 * Whether this diff says that a key left.
	 * @param key the presence key
	 * @return {@code true} for a diff whose leaves name the key
	 */
	public boolean leaves(String key) {
		return this.type == Type.DIFF && this.leaves.contains(key);
	}

	@Override
	public String toString() {
		if (this.type == Type.STATE) {
			return "presence state " + membersByKey().keySet();
		}
		return "presence diff joins " + membersByKey().keySet() + " leaves " + this.leaves;
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
		 * Who joined and who left since the last diff.
		 */
		DIFF

	}

}
