package io.multiws.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;

/**
 * One file of the browser client, {@code multi-ws.js} or its TypeScript declarations, read
 * once from the class path, with a strong ETag of its content: served at a fixed path,
 * revalidated by browsers on each use ({@code Cache-Control: no-cache}) and answered with
 * 304 when their copy is current (Spring's {@code ServerResponse} compares the ETag with
 * the request's {@code If-None-Match}).
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class WsClientScript {

	/**
	 * The path of the client.
	 */
	public static final String SCRIPT_PATH = "/multi-ws/client.js";

	/**
	 * The path of its TypeScript declarations.
	 */
	public static final String TYPES_PATH = "/multi-ws/client.d.ts";

	private static final CacheControl CACHE_CONTROL = CacheControl.noCache();

	private static final String SCRIPT_RESOURCE = "io/multiws/client/multi-ws.js";

	private static final String TYPES_RESOURCE = "io/multiws/client/multi-ws.d.ts";

	private final String path;

	private final byte[] content;

	private final MediaType mediaType;

	private final String etag;

	private WsClientScript(String path, String resource, MediaType mediaType) {
		this.path = path;
		this.content = read(resource);
		this.mediaType = mediaType;
		this.etag = "\"" + HexFormat.of().formatHex(sha256(this.content), 0, 16) + "\"";
	}

	/**
	 * Return the client.
	 * @return the script
	 */
	public static WsClientScript script() {
		return new WsClientScript(SCRIPT_PATH, SCRIPT_RESOURCE,
				new MediaType("text", "javascript", StandardCharsets.UTF_8));
	}

	/**
	 * Return the TypeScript declarations of the client.
	 * @return the declarations
	 */
	public static WsClientScript types() {
		return new WsClientScript(TYPES_PATH, TYPES_RESOURCE,
				new MediaType("application", "typescript", StandardCharsets.UTF_8));
	}

	private static byte[] read(String resource) {
		try (InputStream input = new ClassPathResource(resource, WsClientScript.class.getClassLoader())
			.getInputStream()) {
			return input.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource + " from the class path", ex);
		}
	}

	private static byte[] sha256(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String path() {
		return this.path;
	}

	/**
	 * Return the content, not copied: do not change it.
	 * @return the bytes
	 */
	public byte[] content() {
		return this.content;
	}

	public MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * Return the strong ETag of the content, quoted.
	 * @return the ETag
	 */
	public String etag() {
		return this.etag;
	}

	public CacheControl cacheControl() {
		return CACHE_CONTROL;
	}

	@Override
	public String toString() {
		return "WsClientScript[" + this.path + ", " + this.content.length + " bytes, ETag " + this.etag + "]";
	}

	/**
	 * Registers the client's files as resources of a native image.
	 */
	public static final class Hints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			hints.resources().registerPattern(SCRIPT_RESOURCE).registerPattern(TYPES_RESOURCE);
		}

	}

}
