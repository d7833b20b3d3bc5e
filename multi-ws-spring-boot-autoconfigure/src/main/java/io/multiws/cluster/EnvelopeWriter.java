package io.multiws.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.multiws.hub.WsPayload;

/**
 * Builds the relay messages that {@link ClusterEnvelope} decodes: the version byte, the
 * kind byte, the sender's instance id and the body of each kind, as that class documents
 * the layout.
 *
 * @author multi-ws team
 */
final class EnvelopeWriter {

	private static final int MAX_ID_LENGTH = 255;

	private EnvelopeWriter() {
	}

	/**
	 * Return the bytes of an instance id as the envelope carries them.
	 * @param instanceId the id
	 * @return its UTF-8 bytes
	 * @throws IllegalArgumentException if it is empty or longer than 255 bytes
	 */
	static byte[] instanceId(String instanceId) {
		byte[] bytes = instanceId.getBytes(StandardCharsets.UTF_8);
		if (bytes.length == 0 || bytes.length > MAX_ID_LENGTH) {
			throw new IllegalArgumentException(
					"'multi-ws.cluster.instance-id' must have 1 to " + MAX_ID_LENGTH + " bytes: '" + instanceId + "'");
		}
		return bytes;
	}

	static byte[] payload(byte[] instanceId, WsPayload payload) {
		byte kind = payload.isText() ? ClusterEnvelope.TEXT : ClusterEnvelope.BINARY;
		return encode(kind, instanceId, payload.toBytes());
	}

	static byte[] counts(byte[] instanceId, Map<String, Integer> counts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream(16 + counts.size() * 24);
		counts.forEach((path, count) -> {
			byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
			writeVarint(body, bytes.length);
			body.write(bytes, 0, bytes.length);
			writeVarint(body, count);
		});
		return encode(ClusterEnvelope.COUNTS, instanceId, body.toByteArray());
	}

	static byte[] presence(byte[] instanceId, String json) {
		return encode(ClusterEnvelope.PRESENCE, instanceId, json.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] user(byte[] instanceId, String name, WsPayload payload) {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		byte[] payloadBytes = payload.toBytes();
		ByteArrayOutputStream body = new ByteArrayOutputStream(nameBytes.length + payloadBytes.length + 6);
		writeVarint(body, nameBytes.length);
		body.write(nameBytes, 0, nameBytes.length);
		body.write(payload.isText() ? ClusterEnvelope.TEXT : ClusterEnvelope.BINARY);
		body.write(payloadBytes, 0, payloadBytes.length);
		return encode(ClusterEnvelope.USER, instanceId, body.toByteArray());
	}

	static byte[] userRequest(byte[] instanceId, long id, Duration timeout, String name, String text) {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream body = new ByteArrayOutputStream(nameBytes.length + textBytes.length + 17);
		body.writeBytes(ByteBuffer.allocate(12).putLong(id).putInt((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.array());
		writeVarint(body, nameBytes.length);
		body.write(nameBytes, 0, nameBytes.length);
		body.write(textBytes, 0, textBytes.length);
		return encode(ClusterEnvelope.USER_REQUEST, instanceId, body.toByteArray());
	}

	static byte[] userReply(byte[] instanceId, byte[] requester, long id, boolean error, String text) {
		byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream body = new ByteArrayOutputStream(requester.length + textBytes.length + 14);
		writeVarint(body, requester.length);
		body.write(requester, 0, requester.length);
		body.writeBytes(ByteBuffer.allocate(8).putLong(id).array());
		body.write(error ? ClusterEnvelope.FAILED : ClusterEnvelope.REPLIED);
		body.write(textBytes, 0, textBytes.length);
		return encode(ClusterEnvelope.USER_REPLY, instanceId, body.toByteArray());
	}

	static byte[] leave(byte[] instanceId) {
		return encode(ClusterEnvelope.LEAVE, instanceId, new byte[0]);
	}

	static byte[] appended(byte[] instanceId) {
		return encode(ClusterEnvelope.APPENDED, instanceId, new byte[0]);
	}

	private static byte[] encode(byte kind, byte[] instanceId, byte[] body) {
		byte[] message = new byte[3 + instanceId.length + body.length];
		message[0] = ClusterEnvelope.VERSION;
		message[1] = kind;
		message[2] = (byte) instanceId.length;
		System.arraycopy(instanceId, 0, message, 3, instanceId.length);
		System.arraycopy(body, 0, message, 3 + instanceId.length, body.length);
		return message;
	}

	private static void writeVarint(ByteArrayOutputStream out, int value) {
		int remaining = value;
		while ((remaining & ~0x7F) != 0) {
			out.write((remaining & 0x7F) | 0x80);
			remaining >>>= 7;
		}
		out.write(remaining);
	}

}
