package io.multiws.features;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * The JSON text frames a {@link HubPresence} pushes to clients: the state a joiner is
 * sent, bounded in size, and the diffs of who came and went, each member encoded once per
 * view, and each state once after a diff.
 * <p>
 * Not thread-safe: every method runs under the lock of the presence that owns it.
 *
 * @author multi-ws team
 */
final class PresenceFrames {

	private static final String STATE_START = "{\"presence\":\"state\",\"members\":[";

	private final Function<Object, WsPayload> encoder;

	private final int stateMaxBytes;

	private @Nullable WsPayload fullState;

	private @Nullable WsPayload keysState;

	/**
	 * Create the frames of one hub's presence.
	 * @param encoder the payload encoder of the registry
	 * @param stateMaxBytes the maximum size of the state a joiner is sent
	 */
	PresenceFrames(Function<Object, WsPayload> encoder, int stateMaxBytes) {
		this.encoder = encoder;
		this.stateMaxBytes = stateMaxBytes;
	}

	/**
	 * Return the state a joiner is sent, built once after each diff and shared by every
	 * joiner until the next: the members as clients were last told, as many as the
	 * endpoint's bound allows, with {@code "truncated":true} and the count of them all when
	 * some are left out.
	 * @param published the members as clients were last told, in the order they were
	 * first told
	 * @param view what the joiner may see
	 * @return the state frame
	 */
	WsPayload state(Collection<Published> published, PresenceView view) {
		WsPayload state = (view == PresenceView.FULL) ? this.fullState : this.keysState;
		if (state == null) {
			state = buildState(published, view);
			if (view == PresenceView.FULL) {
				this.fullState = state;
			}
			else {
				this.keysState = state;
			}
		}
		return state;
	}

	/**
	 * Record that what clients were told changed: the next joiner gets a new state.
	 */
	void stale() {
		this.fullState = null;
		this.keysState = null;
	}

	private WsPayload buildState(Collection<Published> published, PresenceView view) {
		StringBuilder state = new StringBuilder(STATE_START);
		// Room for the closing bracket and the truncation note
		long room = this.stateMaxBytes - STATE_START.length() - 60;
		int listed = 0;
		for (Published member : published) {
			String fragment = member.fragment(view, this.encoder);
			room -= WsPayload.utf8Length(fragment) + 1;
			if (room < 0) {
				break;
			}
			state.append((listed++ > 0) ? "," : "").append(fragment);
		}
		state.append(']');
		if (listed < published.size()) {
			state.append(",\"truncated\":true,\"count\":").append(published.size());
		}
		return WsPayload.text(state.append('}').toString());
	}

	/**
	 * Build the diff of the members that came or changed and those that went.
	 * @param joins the members that came or whose metadata changed
	 * @param leaves the members that went
	 * @param view what the receivers may see
	 * @return the diff frame
	 */
	WsPayload diff(List<Published> joins, List<Published> leaves, PresenceView view) {
		StringBuilder diff = new StringBuilder("{\"presence\":\"diff\",\"joins\":[");
		for (int i = 0; i < joins.size(); i++) {
			diff.append((i > 0) ? "," : "").append(joins.get(i).fragment(view, this.encoder));
		}
		diff.append("],\"leaves\":[");
		for (int i = 0; i < leaves.size(); i++) {
			diff.append((i > 0) ? "," : "").append(leaves.get(i).fragment(PresenceView.KEYS, this.encoder));
		}
		return WsPayload.text(diff.append("]}").toString());
	}

	/**
	 * A member as clients were told, with its JSON in each view, encoded on first use.
	 */
	static final class Published {

		private final WsPresenceMember member;

		private @Nullable String full;

		private @Nullable String key;

		Published(WsPresenceMember member) {
			this.member = member;
		}

		Map<String, Object> metadata() {
			return this.member.metadata();
		}

		int sessions() {
			return this.member.sessions();
		}

		String fragment(PresenceView view, Function<Object, WsPayload> encoder) {
			if (view == PresenceView.FULL) {
				if (this.full == null) {
					this.full = encoder.apply(member("key", this.member.key(), "metadata", this.member.metadata(),
							"sessions", this.member.sessions()))
						.asText();
				}
				return this.full;
			}
			if (this.key == null) {
				this.key = encoder.apply(member("key", this.member.key())).asText();
			}
			return this.key;
		}

		// In order, so that clients may read a member's key first
		private static Map<String, Object> member(Object... namesAndValues) {
			Map<String, Object> member = new LinkedHashMap<>();
			for (int i = 0; i < namesAndValues.length; i += 2) {
				member.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
			return member;
		}

	}

}
