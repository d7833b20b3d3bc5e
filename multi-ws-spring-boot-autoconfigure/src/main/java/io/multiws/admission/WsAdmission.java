package io.multiws.admission;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Admission control of every upgrade, the same on every web stack: a cap on the sessions
 * of all hubs together, and per-client limits on sessions and handshakes per second.
 * A client is its authenticated user when there is one, else its address as
 * {@link ClientAddresses} decides it: the connection's peer, or behind trusted proxies
 * the rightmost address they forwarded; the peer's own address may be exempt. It also
 * counts refusals by reason ({@link AdmissionRefusals}) and hands each session its {@link InboundLimiter}, whoever
 * the client is.
 * <p>
 * The cap defaults to the web server's connection limit less a reserve for plain HTTP
 * (see {@link #serverStarted}), so that upgrades are refused with an answer while HTTP
 * requests still get a connection; without a connection limit, to a figure that fits
 * the heap.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsAdmission implements WsAdmissionStatistics {

	/**
	 * Heap a session is budgeted at for the default cap without a connection limit: the
	 * 73 KB of live heap an idle connection holds (benchmarks/RESULTS.md), rounded up for
	 * messages in flight.
	 */
	public static final long HEAP_PER_SESSION = 96 * 1024;

	private static final Log logger = LogFactory.getLog(WsAdmission.class);

	private final AtomicInteger sessions = new AtomicInteger();

	private final AdmissionRefusals refusals = new AdmissionRefusals();

	private final Settings settings;

	private final LongSupplier nanoTime;

	private final ClientTable clients;

	private volatile int maxSessions;

	/**
	 * Create admission control.
	 * @param settings the limits
	 */
	public WsAdmission(Settings settings) {
		this(settings, System::nanoTime);
	}

	/**
	 * Create the admission control with a clock of the caller's, for tests of the rates.
	 * @param settings the settings
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	WsAdmission(Settings settings, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.settings = settings;
		this.clients = new ClientTable(settings.maxTrackedClients(), settings.maxSessionsPerClient(),
				settings.maxHandshakesPerClientPerSecond());
		this.maxSessions = (settings.maxSessions() > 0) ? settings.maxSessions() : heapDefault();
	}

	/**
	 * Return the default cap without a connection limit: half the maximum heap at
	 * {@link #HEAP_PER_SESSION} a session.
	 * @return the cap
	 */
	public static int heapDefault() {
		return (int) Math.max(100, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 2 / HEAP_PER_SESSION));
	}

	/**
	 * Return the connections kept for plain HTTP out of a connection limit: a tenth of
	 * it, at least 10.
	 * @param connectionLimit the server's connection limit
	 * @return the reserve
	 */
	public static int httpReserve(int connectionLimit) {
		return Math.min(connectionLimit - 1, Math.max(10, connectionLimit / 10));
	}

	/**
	 * Derive the cap from the web server's connection limit, unless configured; warn if
	 * the configured cap leaves the server no reserve for plain HTTP.
	 * @param server the server's name, such as "Tomcat"
	 * @param connectionLimit the server's connection limit, or a negative value for none
	 */
	public void serverStarted(String server, int connectionLimit) {
		logger.info("multi-ws tells unauthenticated clients apart by " + this.settings.clientAddresses());
		if (connectionLimit <= 0) {
			logger.info("multi-ws admits at most " + this.maxSessions + " WebSocket sessions ("
					+ ((this.settings.maxSessions() > 0) ? "multi-ws.limits.max-sessions"
							: server + " has no connection limit; " + (HEAP_PER_SESSION / 1024)
									+ " KB of heap per session, half the heap")
					+ ")");
			return;
		}
		int reserve = httpReserve(connectionLimit);
		int fits = connectionLimit - reserve;
		if (this.settings.maxSessions() <= 0) {
			this.maxSessions = fits;
			logger.info("multi-ws admits at most " + fits + " WebSocket sessions: " + server
					+ "'s connection limit of " + connectionLimit + " less " + reserve + " for plain HTTP");
		}
		else if (this.settings.maxSessions() > fits) {
			logger.warn("multi-ws.limits.max-sessions=" + this.settings.maxSessions() + " is above the " + fits
					+ " WebSocket sessions that " + server + "'s connection limit of " + connectionLimit
					+ " leaves after " + reserve + " for plain HTTP: past it, upgrades and HTTP requests wait for a"
					+ " connection instead of being answered. Lower it or raise the server's limit.");
		}
	}

	/**
	 * Take a slot for an upgrade from a peer that forwards nobody's address, or say why
	 * not.
	 * @param address the peer's address
	 * @param principal the authenticated user, if any
	 * @return the decision
	 */
	public Decision acquire(String address, @Nullable Principal principal) {
		return acquire(WsClientConnection.of(address), principal);
	}

	/**
	 * Take a slot for an upgrade, or say why not.
	 * @param connection the connection the upgrade came on
	 * @param principal the authenticated user, if any
	 * @return the decision
	 */
	public Decision acquire(WsClientConnection connection, @Nullable Principal principal) {
		if (!takeSession()) {
			return this.refusals.maxSessions(this.maxSessions);
		}
		String client = clientKey(connection, principal);
		if (client == null) {
			return new Decision(new WsAdmissionPermit(this, null), null, "", 0);
		}
		ClientTable.Attempt attempt = this.clients.acquire(client, this.nanoTime.getAsLong());
		WsRefusalReason refused = attempt.refused();
		if (refused == null) {
			return new Decision(new WsAdmissionPermit(this, client), null, "", 0);
		}
		this.sessions.decrementAndGet();
		return this.refusals.client(refused, attempt.retryAfterNanos(), this.settings);
	}

	private boolean takeSession() {
		int max = this.maxSessions;
		int current;
		do {
			current = this.sessions.get();
			if (current >= max) {
				return false;
			}
		}
		while (!this.sessions.compareAndSet(current, current + 1));
		return true;
	}

	private @Nullable String clientKey(WsClientConnection connection, @Nullable Principal principal) {
		if (principal != null) {
			return "user:" + principal.getName();
		}
		return this.settings.clientAddresses().key(connection);
	}

	void release(@Nullable String client) {
		if (client != null) {
			this.clients.release(client, this.nanoTime.getAsLong());
		}
		this.sessions.decrementAndGet();
	}

	/**
	 * Count a refusal.
	 * @param reason the reason
	 */
	public void refused(WsRefusalReason reason) {
		this.refusals.increment(reason);
	}

	/**
	 * Return a new inbound limiter for a session of an endpoint.
	 * @param endpoint the endpoint name
	 * @return the limiter
	 */
	public InboundLimiter inboundLimiter(String endpoint) {
		return InboundLimiter.of(this.settings.inbound(endpoint), this);
	}

	/**
	 * Return the limits.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	@Override
	public int sessions() {
		return this.sessions.get();
	}

	@Override
	public int maxSessions() {
		return this.maxSessions;
	}

	@Override
	public int trackedClients() {
		return this.clients.size();
	}

	@Override
	public long refusals(WsRefusalReason reason) {
		return this.refusals.count(reason);
	}

	@Override
	public Map<WsRefusalReason, Long> refusals() {
		return this.refusals.counts();
	}

	@Override
	public String toString() {
		return "WsAdmission[sessions=" + this.sessions.get() + ", maxSessions=" + this.maxSessions + ", "
				+ this.clients + "]";
	}

	/**
	 * The outcome of {@link #acquire}: a permit, or the reason of a refusal.
	 *
	 * @param permit the slot taken, {@code null} if refused
	 * @param refused why it was refused, {@code null} if admitted
	 * @param message the reason, safe to send to the client
	 * @param retryAfterSeconds when to try again, 0 if not said
	 */
	public record Decision(@Nullable WsAdmissionPermit permit, @Nullable WsRefusalReason refused, String message,
			long retryAfterSeconds) {

		/**
		 * Return the permit of an admitted upgrade.
		 * @return the permit
		 * @throws IllegalStateException if the upgrade was refused
		 */
		public WsAdmissionPermit requirePermit() {
			WsAdmissionPermit permit = this.permit;
			Assert.state(permit != null, () -> "Upgrade refused: " + this.message);
			return permit;
		}

	}

	/**
	 * The limits of admission control.
	 *
	 * @param maxSessions the cap on sessions of all hubs together, 0 to derive it from
	 * the web server
	 * @param maxSessionsPerClient the maximum sessions of one client, 0 for no limit
	 * @param maxHandshakesPerClientPerSecond the maximum handshakes of one client per
	 * second, 0 for no limit
	 * @param maxTrackedClients the maximum number of clients tracked at once
	 * @param clientAddresses who an unauthenticated client is, and who is exempt from the
	 * per-client limits
	 * @param inbound the inbound limits of sessions of endpoints without their own
	 * @param endpointInbound the inbound limits of endpoints, by endpoint name
	 */
	public record Settings(int maxSessions, int maxSessionsPerClient, int maxHandshakesPerClientPerSecond,
			int maxTrackedClients, ClientAddresses clientAddresses, InboundLimits inbound,
			Map<String, InboundLimits> endpointInbound) {

		/**
		 * Create and check settings.
		 * @param maxSessions the cap, 0 to derive it
		 * @param maxSessionsPerClient the maximum sessions of one client, 0 for none
		 * @param maxHandshakesPerClientPerSecond the maximum handshake rate, 0 for none
		 * @param maxTrackedClients the maximum number of tracked clients
		 * @param clientAddresses who an unauthenticated client is
		 * @param inbound the default inbound limits
		 * @param endpointInbound the inbound limits by endpoint
		 */
		public Settings {
			nonNegative("max-sessions", maxSessions);
			nonNegative("max-sessions-per-client", maxSessionsPerClient);
			nonNegative("max-handshakes-per-client-per-second", maxHandshakesPerClientPerSecond);
			if (maxHandshakesPerClientPerSecond > 1_000_000) {
				throw new IllegalArgumentException(
						"multi-ws.limits.max-handshakes-per-client-per-second must be at most 1000000, was "
								+ maxHandshakesPerClientPerSecond);
			}
			if (maxTrackedClients <= 0) {
				throw new IllegalArgumentException(
						"multi-ws.limits.max-tracked-clients must be positive, was " + maxTrackedClients);
			}
			endpointInbound = Map.copyOf(endpointInbound);
		}

		private static void nonNegative(String property, int value) {
			if (value < 0) {
				throw new IllegalArgumentException("multi-ws.limits." + property
						+ " must be zero (none) or positive, was " + value);
			}
		}

		/**
		 * Settings with no limit but a cap derived from the server, for tests and
		 * programmatic use.
		 * @return the settings
		 */
		public static Settings unlimited() {
			return new Settings(0, 0, 0, 100_000, ClientAddresses.defaults(), InboundLimits.NONE, Map.of());
		}

		/**
		 * Return the inbound limits of an endpoint's sessions.
		 * @param endpoint the endpoint name
		 * @return its own limits, or the default ones
		 */
		public InboundLimits inbound(String endpoint) {
			return this.endpointInbound.getOrDefault(endpoint, this.inbound);
		}

	}

}
