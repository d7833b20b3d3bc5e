package io.multiws.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The per-client state of admission control: each client's open sessions and the
 * schedule of its handshakes. Every change of one client runs in
 * {@link ConcurrentHashMap#compute}, so that counting is exact without a lock of our
 * own; a client with no session and no handshake debt is removed, and the table never
 * grows past its bound: when it is full, idle clients are swept out, and if none is
 * idle a new client is refused.
 *
 * @author multi-ws team
 */
final class ClientTable {

	private static final long SECOND = 1_000_000_000L;

	private static final long SWEEP_INTERVAL = SECOND / 10;

	private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

	private final int maxClients;

	private final int maxSessionsPerClient;

	private final long handshakeInterval;

	private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL);

	/**
	 * Create a table.
	 * @param maxClients the maximum number of clients tracked at once
	 * @param maxSessionsPerClient the maximum sessions of one client, 0 for no limit
	 * @param handshakesPerSecond the maximum handshakes of one client per second, 0 for
	 * no limit
	 */
	ClientTable(int maxClients, int maxSessionsPerClient, int handshakesPerSecond) {
		this.maxClients = maxClients;
		this.maxSessionsPerClient = maxSessionsPerClient;
		this.handshakeInterval = (handshakesPerSecond > 0) ? SECOND / handshakesPerSecond : 0;
	}

	/**
	 * Count a handshake of a client and, if it may go on, one more session.
	 * @param key the client
	 * @param now the current {@link System#nanoTime()}
	 * @return the outcome
	 */
	Attempt acquire(String key, long now) {
		if (this.clients.mappingCount() >= this.maxClients && !this.clients.containsKey(key)) {
			sweep(now);
		}
		Attempt attempt = new Attempt();
		this.clients.compute(key, (k, client) -> {
			if (client == null) {
				if (this.clients.mappingCount() >= this.maxClients) {
					attempt.refused = WsRefusalReason.TOO_MANY_CLIENTS;
					return null;
				}
				client = new Client(now);
			}
			attempt.admit(client, now);
			return client;
		});
		return attempt;
	}

	/**
	 * Give back a session of a client.
	 * @param key the client
	 * @param now the current {@link System#nanoTime()}
	 */
	void release(String key, long now) {
		this.clients.computeIfPresent(key, (k, client) -> {
			client.sessions--;
			return client.isIdle(now) ? null : client;
		});
	}

	private void sweep(long now) {
		long last = this.lastSweep.get();
		if (now - last < SWEEP_INTERVAL || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		for (String key : this.clients.keySet()) {
			this.clients.computeIfPresent(key, (k, client) -> client.isIdle(now) ? null : client);
		}
	}

	int size() {
		return this.clients.size();
	}

	@Override
	public String toString() {
		return "ClientTable[clients=" + this.clients.size() + ", max=" + this.maxClients + "]";
	}

	/**
	 * One client; its fields change only inside {@code compute} on its key.
	 */
	private static final class Client {

		private int sessions;

		/**
		 * When the client's next handshake is due if it keeps the allowed rate; handshakes
		 * may run up to a second ahead of it.
		 */
		private long due;

		Client(long now) {
			this.due = now;
		}

		boolean isIdle(long now) {
			return this.sessions <= 0 && this.due - now <= 0;
		}

	}

	/**
	 * The outcome of one handshake.
	 */
	final class Attempt {

		private @Nullable WsRefusalReason refused;

		private long retryAfterNanos;

		private void admit(Client client, long now) {
			if (ClientTable.this.handshakeInterval > 0) {
				long due = (client.due - now > 0) ? client.due : now;
				// A second's worth of handshakes at once, then one per interval
				if (due - now > SECOND - ClientTable.this.handshakeInterval) {
					this.refused = WsRefusalReason.CLIENT_HANDSHAKE_RATE;
					this.retryAfterNanos = due - now - (SECOND - ClientTable.this.handshakeInterval);
					return;
				}
				client.due = due + ClientTable.this.handshakeInterval;
			}
			if (ClientTable.this.maxSessionsPerClient > 0 && client.sessions >= ClientTable.this.maxSessionsPerClient) {
				this.refused = WsRefusalReason.CLIENT_SESSIONS;
				return;
			}
			client.sessions++;
		}

		@Nullable WsRefusalReason refused() {
			return this.refused;
		}

		long retryAfterNanos() {
			return this.retryAfterNanos;
		}

	}

}
