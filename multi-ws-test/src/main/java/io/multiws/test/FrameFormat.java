package io.multiws.test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.multiws.core.WsEndpointDefinition;
import io.multiws.features.HubFeatureSettings;
import io.multiws.features.PresenceView;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * How to read the frames of one endpoint: the envelope of its message ids
 * ({@code <id>:<payload>}, {@code gap:<id>}) and its presence frames, as the wire
 * protocol has them (README, "History, resume, presence and targeted sends") and a
 * client reads them.
 *
 * @author multi-ws team
 */
final class FrameFormat {

	/**
	 * An endpoint without message ids nor presence frames: every frame is a message.
	 */
	static final FrameFormat PLAIN = new FrameFormat(false, false, false, "none");

	/**
	 * An endpoint whose settings are unknown, as for a client without the application
	 * context: a text frame is read by its shape, binary frames carry no id.
	 */
	static final FrameFormat BY_SHAPE = new FrameFormat(true, false, true, "read by shape");

	private static final String PRESENCE_PREFIX = "{\"presence\":";

	private static final String GAP_PREFIX = "gap:";

	private static final int MAX_ID_DIGITS = 19;

	private final boolean textIds;

	private final boolean binaryIds;

	private final boolean presence;

	private final String description;

	private FrameFormat(boolean textIds, boolean binaryIds, boolean presence, String description) {
		this.textIds = textIds;
		this.binaryIds = binaryIds;
		this.presence = presence;
		this.description = description;
	}

	/**
	 * Return the format of an endpoint.
	 * @param endpoint the endpoint
	 * @return how to read its frames
	 */
	static FrameFormat of(WsEndpointDefinition endpoint) {
		return of(endpoint.name(), endpoint.features());
	}

	/**
	 * Return the format of an endpoint's settings.
	 * @param name the endpoint's name, for failure messages
	 * @param features its history and presence settings
	 * @return how to read its frames
	 */
	static FrameFormat of(String name, HubFeatureSettings features) {
		if (!features.messageIds() && !features.presenceDiffs()) {
			return PLAIN;
		}
		String description = (features.messageIds() ? "message ids" : "")
				+ ((features.messageIds() && features.presenceDiffs()) ? ", " : "")
				+ (features.presenceDiffs() ? presence(name, features.anonymousPresenceView()) : "");
		return new FrameFormat(features.messageIds(), features.messageIds(), features.presenceDiffs(), description);
	}

	private static String presence(String name, PresenceView anonymousView) {
		String property = "multi-ws.endpoints." + name + ".presence.anonymous-view";
		return switch (anonymousView) {
			case FULL -> "presence frames";
			case KEYS -> "presence frames (keys only for a session without a principal, as " + property
					+ " is keys)";
			case NONE -> "presence frames (none for a session without a principal, as " + property
					+ " is none: set it to full or keys, or connect with a principal)";
		};
	}

	/**
	 * Read a frame: a {@link WsMessage}, a {@link WsPresenceFrame} or a {@link Gap}.
	 * @param frame a {@code String} or a {@code byte[]}
	 * @param source the receiver, for messages
	 * @param json reads JSON payloads
	 * @return what the frame is
	 */
	Object read(Object frame, String source, TestJson json) {
		if (frame instanceof byte[] bytes) {
			return readBinary(bytes, source, json);
		}
		String text = (String) frame;
		if (this.textIds && text.startsWith(GAP_PREFIX)) {
			long oldest = idAt(text, GAP_PREFIX.length(), text.length());
			if (oldest >= 0) {
				return new Gap(oldest);
			}
		}
		if (this.presence && text.startsWith(PRESENCE_PREFIX)) {
			WsPresenceFrame presence = presence(text, json);
			if (presence != null) {
				return presence;
			}
		}
		int colon = this.textIds ? text.indexOf(':') : -1;
		long id = (colon > 0) ? idAt(text, 0, colon) : -1;
		return (id >= 0) ? new WsMessage(id, text.substring(colon + 1), source, json)
				: new WsMessage(-1, text, source, json);
	}

	private Object readBinary(byte[] bytes, String source, TestJson json) {
		if (this.binaryIds && bytes.length >= Long.BYTES) {
			return new WsMessage(ByteBuffer.wrap(bytes).getLong(), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length),
					source, json);
		}
		return new WsMessage(-1, bytes, source, json);
	}

	/**
	 * Whether this format comes from an endpoint's settings and reads an envelope.
	 * @return {@code false} for {@link #PLAIN} and {@link #BY_SHAPE}
	 */
	boolean isOfEndpoint() {
		return this != PLAIN && this != BY_SHAPE;
	}

	/**
	 * Whether a text, taken whole, looks like a message of an endpoint with message ids:
	 * for a hint in the failure of an assertion on the raw text.
	 * @param text the text
	 * @return {@code true} for {@code <digits>:...}
	 */
	static boolean looksNumbered(String text) {
		int colon = text.indexOf(':');
		return colon > 0 && idAt(text, 0, colon) >= 0;
	}

	private static long idAt(String text, int start, int end) {
		if (end <= start || end - start > MAX_ID_DIGITS) {
			return -1;
		}
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
		}
		try {
			return Long.parseLong(text, start, end, 10);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static @Nullable WsPresenceFrame presence(String text, TestJson json) {
		Map<?, ?> frame;
		try {
			frame = (Map<?, ?>) json.read(text, Map.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
		Object type = frame.get("presence");
		if ("state".equals(type) && frame.get("members") instanceof List<?> members) {
			return new WsPresenceFrame(WsPresenceFrame.Type.STATE, members(members), List.of());
		}
		if ("diff".equals(type) && frame.get("joins") instanceof List<?> joins
				&& frame.get("leaves") instanceof List<?> leaves) {
			List<String> keys = new ArrayList<>(leaves.size());
			for (Object leave : leaves) {
				if (leave instanceof Map<?, ?> map && map.get("key") != null) {
					keys.add(String.valueOf(map.get("key")));
				}
			}
			return new WsPresenceFrame(WsPresenceFrame.Type.DIFF, members(joins), keys);
		}
		return null;
	}

	/**
	 * Read members as the server writes them: a key, and with the full view its metadata
	 * and session count.
	 */
	private static List<WsPresenceMember> members(List<?> members) {
		List<WsPresenceMember> result = new ArrayList<>(members.size());
		for (Object member : members) {
			if (member instanceof Map<?, ?> map && map.get("key") != null) {
				result.add(new WsPresenceMember(String.valueOf(map.get("key")), metadata(map.get("metadata")),
						(map.get("sessions") instanceof Number sessions) ? sessions.intValue() : 0));
			}
		}
		return result;
	}

	private static Map<String, Object> metadata(@Nullable Object metadata) {
		Map<String, Object> result = new LinkedHashMap<>();
		if (metadata instanceof Map<?, ?> map) {
			map.forEach((key, value) -> result.put(String.valueOf(key), value));
		}
		return result;
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * The signal that a resume could not be filled: the kept messages follow.
	 *
	 * @param oldestKeptId the id of the oldest message kept
	 */
	record Gap(long oldestKeptId) {

		@Override
		public String toString() {
			return "gap from " + this.oldestKeptId;
		}

	}

}
