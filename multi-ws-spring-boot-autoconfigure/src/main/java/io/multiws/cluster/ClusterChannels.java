package io.multiws.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The names of the relay's Redis channels and keys: a channel per hub,
 * {@code <prefix>hub:<path>}, one for the instances' heartbeats,
 * {@code <prefix>instances}, and the history keys of a hub,
 * {@code <prefix>history:<path>}, {@code <prefix>history-id:<path>} and
 * {@code <prefix>history-bytes:<path>}.
 * <p>
 * The path is percent-encoded byte by byte, keeping only ASCII letters, digits,
 * {@code - . _ ~} and {@code /}; {@code %} itself is encoded. The encoding is injective,
 * so two paths never share a channel, and a channel name never holds a glob character
 * ({@code * ? [ ]}) that a pattern subscription could trip over.
 * <p>
 * For a Redis Cluster the encoded path is a hash tag, {@code <prefix>hub:{<path>}}: a
 * hub's channel and keys hash to one slot, so that one script may touch them all and its
 * sharded channel lives on the shard that keeps its history. The encoding leaves no brace
 * in the path, so a path with {@code {} or {@code }} cannot end the tag early, and a
 * prefix with a brace is refused, as it would move the tag.
 *
 * @author multi-ws team
 */
final class ClusterChannels {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final String prefix;

	private final String hubPrefix;

	private final byte[] hubPrefixBytes;

	private final byte[] instances;

	private final boolean hashTags;

	/**
	 * Name the channels and keys of one Redis server.
	 * @param prefix the channel prefix
	 */
	ClusterChannels(String prefix) {
		this(prefix, false);
	}

	/**
	 * Name the channels and keys of one Redis server or of a Redis Cluster.
	 * @param prefix the channel prefix
	 * @param hashTags whether each hub's names share a hash tag, for a Redis Cluster
	 */
	ClusterChannels(String prefix, boolean hashTags) {
		Assert.hasText(prefix, "'multi-ws.cluster.channel-prefix' must not be empty");
		Assert.isTrue(!hashTags || (prefix.indexOf('{') < 0 && prefix.indexOf('}') < 0),
				() -> "'multi-ws.cluster.channel-prefix' must not hold '{' or '}' with a Redis Cluster, whose hash tags"
						+ " they would move: '" + prefix + "'");
		this.prefix = prefix;
		this.hubPrefix = prefix + "hub:";
		this.hubPrefixBytes = this.hubPrefix.getBytes(StandardCharsets.UTF_8);
		this.instances = (prefix + "instances").getBytes(StandardCharsets.UTF_8);
		this.hashTags = hashTags;
	}

	/**
	 * Return the channel of a hub.
	 * @param path the canonical hub path
	 * @return the channel name
	 */
	String hubName(String path) {
		return this.hubPrefix + tagged(path);
	}

	/**
	 * Return the stream that keeps the history of a hub.
	 * @param path the canonical hub path
	 * @return the key
	 */
	String historyStream(String path) {
		return this.prefix + "history:" + tagged(path);
	}

	/**
	 * Return the counter that numbers the broadcasts of a history hub.
	 * @param path the canonical hub path
	 * @return the key
	 */
	String historyId(String path) {
		return this.prefix + "history-id:" + tagged(path);
	}

	/**
	 * Return the counter of the bytes that the history stream of a hub holds.
	 * @param path the canonical hub path
	 * @return the key
	 */
	String historyBytes(String path) {
		return this.prefix + "history-bytes:" + tagged(path);
	}

	/**
	 * Whether each hub's names share a hash tag, for a Redis Cluster.
	 * @return {@code true} for a cluster
	 */
	boolean hasHashTags() {
		return this.hashTags;
	}

	private String tagged(String path) {
		String encoded = encode(path);
		return this.hashTags ? "{" + encoded + "}" : encoded;
	}

	byte[] hub(String path) {
		return hubName(path).getBytes(StandardCharsets.UTF_8);
	}

	byte[] instances() {
		return this.instances;
	}

	boolean isInstances(byte[] channel) {
		return Arrays.equals(channel, this.instances);
	}

	/**
	 * Return the hub path of a channel.
	 * @param channel the channel name
	 * @return the path, or {@code null} if this is not a hub channel of this prefix
	 */
	@Nullable String path(byte[] channel) {
		int start = this.hubPrefixBytes.length;
		int end = channel.length;
		if (end <= start || !Arrays.equals(channel, 0, start, this.hubPrefixBytes, 0, start)) {
			return null;
		}
		if (this.hashTags) {
			if (end - start < 3 || channel[start] != '{' || channel[end - 1] != '}') {
				return null;
			}
			start++;
			end--;
		}
		return decode(channel, start, end);
	}

	static String encode(String path) {
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length + 8);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (isKept(c)) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		return encoded.toString();
	}

	private static @Nullable String decode(byte[] channel, int start, int end) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
		for (int i = start; i < end; i++) {
			int c = channel[i] & 0xFF;
			if (c == '%') {
				int hi = (i + 2 < end) ? Character.digit(channel[i + 1], 16) : -1;
				int lo = (hi >= 0) ? Character.digit(channel[i + 2], 16) : -1;
				if (lo < 0) {
					return null;
				}
				out.write((hi << 4) | lo);
				i += 2;
			}
			else if (isKept(c)) {
				out.write(c);
			}
			else {
				return null;
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static boolean isKept(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '/';
	}

	@Override
	public String toString() {
		return "ClusterChannels[" + hubName("/") + "...]";
	}

}
