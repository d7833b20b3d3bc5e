package io.multiws.javaclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntPredicate;

import org.jspecify.annotations.Nullable;

/**
 * The options of a {@link WsClient}: set by its {@link WsClient.Builder}, which hands
 * each client it connects a copy of its own, so that it may go on to build others; read
 * only once the client has its copy.
 *
 * @author multi-ws team
 */
final class ClientOptions {

	final List<URI> uris = new ArrayList<>();

	final Map<String, List<String>> headers = new LinkedHashMap<>();

	List<String> subprotocols = List.of();

	HttpClient httpClient = SharedHttpClient.INSTANCE;

	WsClientListener listener = new WsClientListener() {
	};

	boolean messageIds;

	boolean presence;

	boolean replies;

	@Nullable String lastId;

	Duration requestTimeout = Duration.ofSeconds(10);

	Duration connectTimeout = Duration.ofSeconds(10);

	Duration minDelay = Duration.ofMillis(500);

	Duration maxDelay = Duration.ofSeconds(10);

	IntPredicate stopOn = (code) -> code == 1003 || code == 1008 || (code >= 4000 && code < 5000);

	@Nullable Function<String, CompletionStage<String>> requestHandler;

	boolean reconnect = true;

	@Nullable ScheduledExecutorService scheduler;

	DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

	ClientOptions(URI uri) {
		this.uris.add(uri);
	}

	ClientOptions(ClientOptions options) {
		this.uris.addAll(options.uris);
		this.httpClient = options.httpClient;
		this.listener = options.listener;
		this.messageIds = options.messageIds;
		this.presence = options.presence;
		this.replies = options.replies;
		this.lastId = options.lastId;
		this.requestTimeout = options.requestTimeout;
		this.connectTimeout = options.connectTimeout;
		this.minDelay = options.minDelay;
		this.maxDelay = options.maxDelay;
		this.stopOn = options.stopOn;
		this.requestHandler = options.requestHandler;
		options.headers.forEach((name, values) -> this.headers.put(name, List.copyOf(values)));
		this.subprotocols = options.subprotocols;
		this.reconnect = options.reconnect;
		this.scheduler = options.scheduler;
		this.jitter = options.jitter;
	}

	/**
	 * The HTTP client of every {@link WsClient} not given one: one selector thread for
	 * them all, started with the first.
	 */
	private static final class SharedHttpClient {

		private static final HttpClient INSTANCE = HttpClient.newHttpClient();

	}

}
