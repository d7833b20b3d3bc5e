package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.stream.ByteRecord;

/**
 * One broadcast of a hub's history stream, as the append script wrote it: its id, when it
 * was broadcast, the payload, the instance that made it and the session that instance
 * excluded.
 *
 * @param id the id the stream gave
 * @param millis when it was broadcast, in milliseconds
 * @param payload the payload
 * @param instanceId the instance that broadcast it
 * @param excludedSession the id of the session that instance excluded, empty for none
 * @author multi-ws team
 */
record StreamBroadcast(long id, long millis, WsPayload payload, byte[] instanceId, String excludedSession) {

	static @Nullable StreamBroadcast of(ByteRecord record) {
		Long id = record.getId().getTimestamp();
		Map<String, byte[]> fields = new HashMap<>();
		record.getValue().forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8), value));
		byte[] kind = fields.get("k");
		byte[] payload = fields.get("p");
		byte[] millis = fields.get("t");
		if (id == null || kind == null || payload == null || millis == null) {
			return null;
		}
		WsPayload decoded = (kind.length == 1 && kind[0] == 'T')
				? WsPayload.text(new String(payload, StandardCharsets.UTF_8)) : WsPayload.binary(payload);
		byte[] instance = fields.getOrDefault("i", new byte[0]);
		byte[] excluded = fields.getOrDefault("x", new byte[0]);
		return new StreamBroadcast(id, Long.parseLong(new String(millis, StandardCharsets.UTF_8)), decoded, instance,
				new String(excluded, StandardCharsets.UTF_8));
	}

	WsHistoryEntry toEntry() {
		return new WsHistoryEntry(this.id, Instant.ofEpochMilli(this.millis), this.payload);
	}

	/**
	 * Deliver this broadcast to the local sessions of its hub, skipping the session its
	 * instance excluded if that instance is this one.
	 * @param host the registry's side of the shared history
	 * @param path the canonical hub path
	 * @param localInstanceId the id of this instance
	 * @return the number of sessions it was queued for
	 */
	int deliver(SharedHistory.Host host, String path, byte[] localInstanceId) {
		String excluded = (!this.excludedSession.isEmpty() && Arrays.equals(this.instanceId, localInstanceId))
				? this.excludedSession : null;
		return host.deliverShared(path, this.id, this.millis, this.payload, excluded);
	}

}
