package io.multiws.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * The binary envelope of every relay message: a version byte, a kind byte, the sender's
 * instance id (one length byte, then UTF-8) and the body.
 * <ul>
 * <li>{@code T} text broadcast: the UTF-8 text;</li>
 * <li>{@code B} binary broadcast: the bytes;</li>
 * <li>{@code C} heartbeat: the sender's session counts, each a varint path length, the
 * UTF-8 path and a varint count;</li>
 * <li>{@code L} the sender leaves the cluster: no body;</li>
 * <li>{@code P} heartbeat: the sender's presence, as JSON (path to members);</li>
 * <li>{@code U} a send to a user: a varint name length, the UTF-8 name, {@code T} or
 * {@code B}, and the payload;</li>
 * <li>{@code H} a history hub's stream took a broadcast, on a Redis Cluster, where the
 * instances read each stream when told rather than all in one blocking read: no body.</li>
 * <li>{@code Q} a request to a user: the request id (8 bytes), the timeout in
 * milliseconds (4 bytes), a varint name length, the UTF-8 name and the UTF-8 text;</li>
 * <li>{@code R} the reply to a request to a user: a varint length and the id of the
 * instance that asked, the request id (8 bytes), {@code =} for a reply or {@code !} for an
 * error reply, and the UTF-8 text.</li>
 * </ul>
 * JSON is text, so every payload keeps its kind. Decoding never throws: a message that is
 * not an envelope of this version decodes to {@code null}. {@link EnvelopeWriter} builds
 * them.
 *
 * @author multi-ws team
 */
final class ClusterEnvelope {

	static final byte VERSION = 1;

	static final byte TEXT = 'T';

	static final byte BINARY = 'B';

	static final byte COUNTS = 'C';

	static final byte LEAVE = 'L';

	static final byte PRESENCE = 'P';

	static final byte USER = 'U';

	static final byte APPENDED = 'H';

	static final byte USER_REQUEST = 'Q';

	static final byte USER_REPLY = 'R';

	static final byte REPLIED = '=';

	static final byte FAILED = '!';

	private final byte kind;

	private final byte[] message;

	private final int idStart;

	private final int bodyStart;

	private ClusterEnvelope(byte kind, byte[] message, int idStart, int bodyStart) {
		this.kind = kind;
		this.message = message;
		this.idStart = idStart;
		this.bodyStart = bodyStart;
	}


	static @Nullable ClusterEnvelope decode(byte[] message) {
		if (message.length < 4 || message[0] != VERSION) {
			return null;
		}
		byte kind = message[1];
		int idLength = message[2] & 0xFF;
		if (idLength == 0 || 3 + idLength > message.length
				|| (kind != TEXT && kind != BINARY && kind != COUNTS && kind != LEAVE && kind != PRESENCE
						&& kind != USER && kind != APPENDED && kind != USER_REQUEST && kind != USER_REPLY)) {
			return null;
		}
		return new ClusterEnvelope(kind, message, 3, 3 + idLength);
	}

	byte kind() {
		return this.kind;
	}

	boolean isFrom(byte[] instanceId) {
		return Arrays.equals(this.message, this.idStart, this.bodyStart, instanceId, 0, instanceId.length);
	}

	byte[] instanceIdBytes() {
		return Arrays.copyOfRange(this.message, this.idStart, this.bodyStart);
	}

	String instanceId() {
		return new String(this.message, this.idStart, this.bodyStart - this.idStart, StandardCharsets.UTF_8);
	}

	/**
	 * Return the payload of a text or binary broadcast.
	 * @return the payload
	 */
	WsPayload payload() {
		if (this.kind == TEXT) {
			return WsPayload.text(new String(this.message, this.bodyStart, this.message.length - this.bodyStart,
					StandardCharsets.UTF_8));
		}
		return WsPayload.binary(Arrays.copyOfRange(this.message, this.bodyStart, this.message.length));
	}

	/**
	 * Return the JSON body of a presence heartbeat.
	 * @return the JSON text
	 */
	String json() {
		return new String(this.message, this.bodyStart, this.message.length - this.bodyStart, StandardCharsets.UTF_8);
	}

	/**
	 * Return the user and payload of a send to a user.
	 * @return the name and the payload, or {@code null} if the body is malformed
	 */
	@Nullable UserSend userSend() {
		int[] position = { this.bodyStart };
		int length = readVarint(position);
		if (length < 0 || position[0] + length + 1 > this.message.length) {
			return null;
		}
		String name = new String(this.message, position[0], length, StandardCharsets.UTF_8);
		int kindAt = position[0] + length;
		int payloadAt = kindAt + 1;
		WsPayload payload = (this.message[kindAt] == TEXT)
				? WsPayload.text(new String(this.message, payloadAt, this.message.length - payloadAt,
						StandardCharsets.UTF_8))
				: WsPayload.binary(Arrays.copyOfRange(this.message, payloadAt, this.message.length));
		return new UserSend(name, payload);
	}

	/**
	 * Return a request to a user.
	 * @return the request, or {@code null} if the body is malformed
	 */
	@Nullable UserRequest userRequest() {
		if (this.bodyStart + 12 > this.message.length) {
			return null;
		}
		ByteBuffer header = ByteBuffer.wrap(this.message, this.bodyStart, 12);
		long id = header.getLong();
		int timeoutMillis = header.getInt();
		int[] position = { this.bodyStart + 12 };
		int length = readVarint(position);
		if (length < 0 || timeoutMillis < 0 || position[0] + length > this.message.length) {
			return null;
		}
		String name = new String(this.message, position[0], length, StandardCharsets.UTF_8);
		int textAt = position[0] + length;
		String text = new String(this.message, textAt, this.message.length - textAt, StandardCharsets.UTF_8);
		return new UserRequest(id, Duration.ofMillis(timeoutMillis), name, text);
	}

	/**
	 * Return the reply to a request to a user, if this instance asked it.
	 * @param instanceId the id of this instance
	 * @return the reply, or {@code null} if another instance asked or the body is
	 * malformed
	 */
	@Nullable UserReply userReplyFor(byte[] instanceId) {
		int[] position = { this.bodyStart };
		int length = readVarint(position);
		int idAt = position[0] + length;
		if (length < 0 || idAt + 9 > this.message.length
				|| !Arrays.equals(this.message, position[0], idAt, instanceId, 0, instanceId.length)) {
			return null;
		}
		long id = ByteBuffer.wrap(this.message, idAt, 8).getLong();
		int textAt = idAt + 9;
		String text = new String(this.message, textAt, this.message.length - textAt, StandardCharsets.UTF_8);
		return new UserReply(id, this.message[idAt + 8] == FAILED, text);
	}

	/**
	 * Return the session counts of a heartbeat.
	 * @return the counts by path, or {@code null} if the body is malformed
	 */
	@Nullable Map<String, Integer> counts() {
		Map<String, Integer> counts = new HashMap<>();
		int[] position = { this.bodyStart };
		while (position[0] < this.message.length) {
			int length = readVarint(position);
			if (length < 0 || position[0] + length > this.message.length) {
				return null;
			}
			String path = new String(this.message, position[0], length, StandardCharsets.UTF_8);
			position[0] += length;
			int count = readVarint(position);
			if (count < 0) {
				return null;
			}
			counts.put(path, count);
		}
		return counts;
	}

	private int readVarint(int[] position) {
		int value = 0;
		for (int shift = 0; shift < 32; shift += 7) {
			if (position[0] >= this.message.length) {
				return -1;
			}
			int b = this.message[position[0]++] & 0xFF;
			value |= (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		return -1;
	}

	@Override
	public String toString() {
		return "ClusterEnvelope[kind=" + (char) this.kind + ", from=" + instanceId() + ", "
				+ (this.message.length - this.bodyStart) + " bytes]";
	}

	/**
	 * A send to every session of a user.
	 *
	 * @param name the principal's name
	 * @param payload the payload
	 */
	record UserSend(String name, WsPayload payload) {

	}

	/**
	 * A request to the sessions of a user.
	 *
	 * @param id the id the asking instance gave it
	 * @param timeout how long the asking instance waits
	 * @param name the principal's name
	 * @param text the request
	 */
	record UserRequest(long id, Duration timeout, String name, String text) {

	}

	/**
	 * The reply to a request to a user.
	 *
	 * @param id the id of the request
	 * @param error whether it is an error reply
	 * @param text the reply, or the reason of the error
	 */
	record UserReply(long id, boolean error, String text) {

	}

}
