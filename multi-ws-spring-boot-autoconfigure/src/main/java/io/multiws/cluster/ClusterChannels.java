package io.multiws.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The names of the relay's Redis channels: one per hub, {@code <prefix>hub:<path>}, and
 * one for the instances' heartbeats, {@code <prefix>instances}.
 * <p>
 * The path is percent-encoded byte by byte, keeping only ASCII letters, digits,
 * {@code - . _ ~} and {@code /}; {@code %} itself is encoded. The encoding is injective,
 * so two paths never share a channel, and a channel name never holds a glob character
 * ({@code * ? [ ]}) that a pattern subscription could trip over.
 *
 * @author multi-ws team
 */
final class ClusterChannels {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final String hubPrefix;

	private final byte[] hubPrefixBytes;

	private final byte[] instances;

	ClusterChannels(String prefix) {
		Assert.hasText(prefix, "'multi-ws.cluster.channel-prefix' must not be empty");
		this.hubPrefix = prefix + "hub:";
		this.hubPrefixBytes = this.hubPrefix.getBytes(StandardCharsets.UTF_8);
		this.instances = (prefix + "instances").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return the channel of a hub.
	 * @param path the canonical hub path
	 * @return the channel name
	 */
	String hubName(String path) {
		return this.hubPrefix + encode(path);
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
		if (channel.length <= start
				|| !Arrays.equals(channel, 0, start, this.hubPrefixBytes, 0, start)) {
			return null;
		}
		return decode(channel, start);
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

	private static @Nullable String decode(byte[] channel, int start) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(channel.length - start);
		for (int i = start; i < channel.length; i++) {
			int c = channel[i] & 0xFF;
			if (c == '%') {
				int hi = (i + 2 < channel.length) ? Character.digit(channel[i + 1], 16) : -1;
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
		return "ClusterChannels[" + this.hubPrefix + "<path>]";
	}

}
