package io.multiws.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.multiws.admission.ClientAddresses;
import io.multiws.admission.ClientAddresses.ForwardedHeader;
import io.multiws.features.PresenceView;
import io.multiws.hub.OverflowPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for multi-ws. Global values apply to every endpoint unless
 * {@code multi-ws.endpoints.<name>} overrides them.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@ConfigurationProperties("multi-ws")
public class MultiWsProperties {

	/**
	 * Whether to enable multi-ws.
	 */
	private boolean enabled = true;

	/**
	 * Origins allowed to open WebSockets besides the same origin, such as
	 * "https://app.example.com", or "*" for any.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns allowed to open WebSockets besides the same origin, such as
	 * "https://*.example.com".
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Maximum number of live hubs of all endpoints together; an upgrade that would create
	 * one more is refused with 503.
	 */
	private int maxHubs = 10_000;

	/**
	 * Maximum length of a hub path, in characters; a longer upgrade path is refused with
	 * 414.
	 */
	private int maxPathLength = 256;

	/**
	 * Maximum time to wait on shutdown for sessions to close after they were sent 1001.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * Size of each buffer Tomcat keeps per connection (its WebSocket read, write and
	 * message buffers and the connector's socket buffers), on Spring MVC; messages up to
	 * the size limits are still taken, and a zero size keeps Tomcat's own (8 KiB each).
	 */
	private DataSize containerBufferSize = DataSize.ofKilobytes(1);

	private final Hub hub = new Hub();

	private final History history = new History();

	private final Session session = new Session();

	private final Reactive reactive = new Reactive();

	/**
	 * Per-endpoint settings, keyed by endpoint name (the @WsEndpoint name attribute, else
	 * the bean name), in kebab-case ("game-endpoint" for the bean "gameEndpoint") or as
	 * declared.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	private final Cluster cluster = new Cluster();

	private final Limits limits = new Limits();

	private final Actuator actuator = new Actuator();

	private final ClientScript clientScript = new ClientScript();

	private final Observations observations = new Observations();

	private final ContainerOptimizations containerOptimizations = new ContainerOptimizations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public int getMaxHubs() {
		return this.maxHubs;
	}

	public void setMaxHubs(int maxHubs) {
		this.maxHubs = maxHubs;
	}

	public int getMaxPathLength() {
		return this.maxPathLength;
	}

	public void setMaxPathLength(int maxPathLength) {
		this.maxPathLength = maxPathLength;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public DataSize getContainerBufferSize() {
		return this.containerBufferSize;
	}

	public void setContainerBufferSize(DataSize containerBufferSize) {
		this.containerBufferSize = containerBufferSize;
	}

	public Hub getHub() {
		return this.hub;
	}

	public History getHistory() {
		return this.history;
	}

	public Session getSession() {
		return this.session;
	}

	public Reactive getReactive() {
		return this.reactive;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	public ClientScript getClientScript() {
		return this.clientScript;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public ContainerOptimizations getContainerOptimizations() {
		return this.containerOptimizations;
	}

	/**
	 * Settings of the uses of a container's own API below the portable WebSocket API.
	 */
	public static class ContainerOptimizations {

		/**
		 * Whether to use the container's own API below the portable Spring and Jakarta
		 * WebSocket API where it is reachable (direct frame writes and read pacing on
		 * Tomcat, batched frames and read pacing on Jetty, frames past the encoder, frame
		 * rules and bounded inflation on Reactor Netty); false keeps to the portable API.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Hub settings.
	 */
	public static class Hub {

		/**
		 * How long an empty hub is kept before it is removed; zero removes it as soon as
		 * its last session leaves.
		 */
		private Duration emptyTimeout = Duration.ZERO;

		/**
		 * Maximum number of sessions of one hub; an upgrade past it is refused with 503.
		 */
		private int maxSessions = 10_000;

		public Duration getEmptyTimeout() {
			return this.emptyTimeout;
		}

		public void setEmptyTimeout(Duration emptyTimeout) {
			this.emptyTimeout = emptyTimeout;
		}

		public int getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(int maxSessions) {
			this.maxSessions = maxSessions;
		}

	}

	/**
	 * Settings of the histories of every endpoint together.
	 */
	public static class History {

		/**
		 * Maximum heap the histories of all hubs may hold together, those kept for emptied
		 * hubs included, past which emptied hubs' histories are evicted first, then the
		 * oldest messages of live hubs; a tenth of the maximum heap when not set.
		 */
		private @Nullable DataSize maxTotalBytes;

		public @Nullable DataSize getMaxTotalBytes() {
			return this.maxTotalBytes;
		}

		public void setMaxTotalBytes(@Nullable DataSize maxTotalBytes) {
			this.maxTotalBytes = maxTotalBytes;
		}

	}

	/**
	 * Session settings.
	 */
	public static class Session {

		/**
		 * Maximum size of an inbound text message; a larger one closes the session with
		 * 1009.
		 */
		private DataSize maxTextMessageSize = DataSize.ofKilobytes(64);

		/**
		 * Maximum size of an inbound binary message; a larger one closes the session with
		 * 1009.
		 */
		private DataSize maxBinaryMessageSize = DataSize.ofKilobytes(64);

		/**
		 * Maximum time one outbound message may take to be written before the session is
		 * dropped as too slow.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * Maximum size of the outbound messages queued for one session while an earlier
		 * one is being written.
		 */
		private DataSize sendBufferSize = DataSize.ofKilobytes(512);

		/**
		 * What to do when a session's outbound buffer is full.
		 */
		private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;

		/**
		 * Whether to compress messages with permessage-deflate when a client offers it;
		 * the inbound size limits apply to the inflated size.
		 */
		private boolean compression;

		/**
		 * Interval between server pings; zero disables them.
		 */
		private Duration pingInterval = Duration.ofSeconds(25);

		/**
		 * Time a peer may stay silent (no message and no pong) before its session is
		 * closed; zero disables the check.
		 */
		private Duration idleTimeout = Duration.ofSeconds(60);

		public DataSize getMaxTextMessageSize() {
			return this.maxTextMessageSize;
		}

		public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
			this.maxTextMessageSize = maxTextMessageSize;
		}

		public DataSize getMaxBinaryMessageSize() {
			return this.maxBinaryMessageSize;
		}

		public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
			this.maxBinaryMessageSize = maxBinaryMessageSize;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		public DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

		public OverflowPolicy getOverflowPolicy() {
			return this.overflowPolicy;
		}

		public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
			this.overflowPolicy = overflowPolicy;
		}

		public boolean isCompression() {
			return this.compression;
		}

		public void setCompression(boolean compression) {
			this.compression = compression;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Settings of the reactive (WebFlux) binding. By default endpoint callbacks run on a
	 * bounded pool of threads, never on a Netty event loop, so a callback that blocks
	 * delays only its own session: each session's events (open, messages, close) are
	 * processed in order, one at a time, while other sessions' callbacks run on the other
	 * threads of the pool. Sends never block, on any thread.
	 */
	public static class Reactive {

		/**
		 * Whether to run endpoint callbacks on the event loop that read the message
		 * instead of the callback pool; saves a thread hand-off per message, but a
		 * callback that blocks then stalls every connection of that event loop.
		 */
		private boolean callbacksOnEventLoop;

		/**
		 * Maximum number of threads that run endpoint callbacks, and so of sessions whose
		 * callbacks may block at the same time without delaying the others.
		 */
		private int callbackThreads = 16;

		/**
		 * Maximum number of upgrades that wait for a callback thread to run their
		 * endpoint's blocking @OnHandshake method, past which upgrades are refused with
		 * 503; at most half the callback threads run such methods at once.
		 */
		private int maxQueuedHandshakes = 256;

		public boolean isCallbacksOnEventLoop() {
			return this.callbacksOnEventLoop;
		}

		public void setCallbacksOnEventLoop(boolean callbacksOnEventLoop) {
			this.callbacksOnEventLoop = callbacksOnEventLoop;
		}

		public int getCallbackThreads() {
			return this.callbackThreads;
		}

		public void setCallbackThreads(int callbackThreads) {
			this.callbackThreads = callbackThreads;
		}

		public int getMaxQueuedHandshakes() {
			return this.maxQueuedHandshakes;
		}

		public void setMaxQueuedHandshakes(int maxQueuedHandshakes) {
			this.maxQueuedHandshakes = maxQueuedHandshakes;
		}

	}

	/**
	 * Settings of one endpoint; unset values fall back to the global ones.
	 */
	public static class Endpoint {

		/**
		 * Path patterns that replace those of the @WsEndpoint annotation.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Origins allowed besides the same origin, replacing the global list.
		 */
		private @Nullable List<String> allowedOrigins;

		/**
		 * Origin patterns allowed besides the same origin, replacing the global list.
		 */
		private @Nullable List<String> allowedOriginPatterns;

		/**
		 * Subprotocols accepted, in order of preference, replacing those of the
		 * annotation.
		 */
		private @Nullable List<String> subprotocols;

		/**
		 * Maximum number of live hubs of this endpoint.
		 */
		private @Nullable Integer maxHubs;

		/**
		 * Maximum number of sessions of one hub of this endpoint.
		 */
		private @Nullable Integer maxSessionsPerHub;

		/**
		 * How long an empty hub of this endpoint is kept before it is removed.
		 */
		private @Nullable Duration hubEmptyTimeout;

		/**
		 * Maximum size of an inbound text message.
		 */
		private @Nullable DataSize maxTextMessageSize;

		/**
		 * Maximum size of an inbound binary message.
		 */
		private @Nullable DataSize maxBinaryMessageSize;

		/**
		 * Maximum time one outbound message may take to be written.
		 */
		private @Nullable Duration sendTimeLimit;

		/**
		 * Maximum size of the outbound messages queued for one session.
		 */
		private @Nullable DataSize sendBufferSize;

		/**
		 * What to do when a session's outbound buffer is full.
		 */
		private @Nullable OverflowPolicy overflowPolicy;

		/**
		 * Whether to compress messages with permessage-deflate when a client offers it.
		 */
		private @Nullable Boolean compression;

		/**
		 * Whether an upgrade without an authenticated user (for example from Spring
		 * Security) is refused with 401.
		 */
		private @Nullable Boolean requireAuthentication;

		private final History history = new History();

		private final Presence presence = new Presence();

		private final Replies replies = new Replies();

		private final Observations observations = new Observations();

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(@Nullable List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public @Nullable List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(@Nullable List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public @Nullable List<String> getSubprotocols() {
			return this.subprotocols;
		}

		public void setSubprotocols(@Nullable List<String> subprotocols) {
			this.subprotocols = subprotocols;
		}

		public @Nullable Integer getMaxHubs() {
			return this.maxHubs;
		}

		public void setMaxHubs(@Nullable Integer maxHubs) {
			this.maxHubs = maxHubs;
		}

		public @Nullable Integer getMaxSessionsPerHub() {
			return this.maxSessionsPerHub;
		}

		public void setMaxSessionsPerHub(@Nullable Integer maxSessionsPerHub) {
			this.maxSessionsPerHub = maxSessionsPerHub;
		}

		public @Nullable Duration getHubEmptyTimeout() {
			return this.hubEmptyTimeout;
		}

		public void setHubEmptyTimeout(@Nullable Duration hubEmptyTimeout) {
			this.hubEmptyTimeout = hubEmptyTimeout;
		}

		public @Nullable DataSize getMaxTextMessageSize() {
			return this.maxTextMessageSize;
		}

		public void setMaxTextMessageSize(@Nullable DataSize maxTextMessageSize) {
			this.maxTextMessageSize = maxTextMessageSize;
		}

		public @Nullable DataSize getMaxBinaryMessageSize() {
			return this.maxBinaryMessageSize;
		}

		public void setMaxBinaryMessageSize(@Nullable DataSize maxBinaryMessageSize) {
			this.maxBinaryMessageSize = maxBinaryMessageSize;
		}

		public @Nullable Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(@Nullable Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		public @Nullable DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

		public @Nullable OverflowPolicy getOverflowPolicy() {
			return this.overflowPolicy;
		}

		public void setOverflowPolicy(@Nullable OverflowPolicy overflowPolicy) {
			this.overflowPolicy = overflowPolicy;
		}

		public @Nullable Boolean getCompression() {
			return this.compression;
		}

		public void setCompression(@Nullable Boolean compression) {
			this.compression = compression;
		}

		public @Nullable Boolean getRequireAuthentication() {
			return this.requireAuthentication;
		}

		public void setRequireAuthentication(@Nullable Boolean requireAuthentication) {
			this.requireAuthentication = requireAuthentication;
		}

		// Admission control of this endpoint

		/**
		 * Maximum number of messages one session of this endpoint may send per second.
		 */
		private @Nullable Integer maxInboundMessagesPerSecond;

		/**
		 * Maximum payload bytes one session of this endpoint may send per second.
		 */
		private @Nullable DataSize maxInboundBytesPerSecond;

		/**
		 * What to do with an inbound message over the rate of this endpoint.
		 */
		private @Nullable OverflowPolicy inboundOverflowPolicy;

		public @Nullable Integer getMaxInboundMessagesPerSecond() {
			return this.maxInboundMessagesPerSecond;
		}

		public void setMaxInboundMessagesPerSecond(@Nullable Integer maxInboundMessagesPerSecond) {
			this.maxInboundMessagesPerSecond = maxInboundMessagesPerSecond;
		}

		public @Nullable DataSize getMaxInboundBytesPerSecond() {
			return this.maxInboundBytesPerSecond;
		}

		public void setMaxInboundBytesPerSecond(@Nullable DataSize maxInboundBytesPerSecond) {
			this.maxInboundBytesPerSecond = maxInboundBytesPerSecond;
		}

		public @Nullable OverflowPolicy getInboundOverflowPolicy() {
			return this.inboundOverflowPolicy;
		}

		public void setInboundOverflowPolicy(@Nullable OverflowPolicy inboundOverflowPolicy) {
			this.inboundOverflowPolicy = inboundOverflowPolicy;
		}

		public History getHistory() {
			return this.history;
		}

		public Presence getPresence() {
			return this.presence;
		}

		public Replies getReplies() {
			return this.replies;
		}

		public Observations getObservations() {
			return this.observations;
		}

		/**
		 * The recent broadcasts each hub of an endpoint keeps for joining and reconnecting
		 * sessions.
		 */
		public static class History {

			/**
			 * Maximum number of broadcasts kept per hub; 0 keeps none.
			 */
			private int size;

			/**
			 * Maximum age of a kept broadcast; with a ttl, the history of an emptied hub is
			 * kept until its newest broadcast expires. Zero for no age limit (the history
			 * then lives as long as the hub).
			 */
			private Duration ttl = Duration.ZERO;

			/**
			 * Maximum size of the broadcasts kept per hub; at most the send buffer size, as a
			 * joiner's replay is queued there.
			 */
			private DataSize maxBytes = DataSize.ofKilobytes(256);

			/**
			 * Whether each broadcast carries its id ("id:" before text, 8 bytes before
			 * binary) and a reconnecting client may resume with lastEventId or
			 * Last-Event-ID.
			 */
			private boolean messageIds;

			public int getSize() {
				return this.size;
			}

			public void setSize(int size) {
				this.size = size;
			}

			public Duration getTtl() {
				return this.ttl;
			}

			public void setTtl(Duration ttl) {
				this.ttl = ttl;
			}

			public DataSize getMaxBytes() {
				return this.maxBytes;
			}

			public void setMaxBytes(DataSize maxBytes) {
				this.maxBytes = maxBytes;
			}

			public boolean isMessageIds() {
				return this.messageIds;
			}

			public void setMessageIds(boolean messageIds) {
				this.messageIds = messageIds;
			}

		}

		/**
		 * Who is in each hub of an endpoint.
		 */
		public static class Presence {

			/**
			 * Whether presence is tracked, with join and leave application events.
			 */
			private boolean enabled;

			/**
			 * Whether the presence state (on join) and its diffs are pushed to the hub's
			 * clients as JSON text.
			 */
			private boolean pushDiffs;

			/**
			 * What the pushed presence shows to sessions without a principal: "full" (keys,
			 * metadata and session counts), "keys" (keys only) or "none" (no presence
			 * frames); keys are principal names unless @OnHandshake sets them, and sessions
			 * with a principal see it in full.
			 */
			private PresenceView anonymousView = PresenceView.NONE;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public boolean isPushDiffs() {
				return this.pushDiffs;
			}

			public void setPushDiffs(boolean pushDiffs) {
				this.pushDiffs = pushDiffs;
			}

			public PresenceView getAnonymousView() {
				return this.anonymousView;
			}

			public void setAnonymousView(PresenceView anonymousView) {
				this.anonymousView = anonymousView;
			}

		}

		/**
		 * Requests with ids and their replies, both ways, on the text frames of an
		 * endpoint.
		 */
		public static class Replies {

			/**
			 * Whether a text frame "?id:payload" is a request, answered with the result of
			 * the endpoint's text message method as "=id:reply" (or "!id:reason"), and the
			 * server may send requests to clients.
			 */
			private boolean enabled;

			/**
			 * Maximum number of requests pending per session in each direction: the
			 * client's requests not yet answered, and the server's requests awaiting the
			 * client's reply.
			 */
			private int maxPending = 100;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public int getMaxPending() {
				return this.maxPending;
			}

			public void setMaxPending(int maxPending) {
				this.maxPending = maxPending;
			}

		}

		/**
		 * The observations of an endpoint; unset values fall back to
		 * {@code multi-ws.observations}.
		 */
		public static class Observations {

			private final Messages messages = new Messages();

			public Messages getMessages() {
				return this.messages;
			}

			/**
			 * The observation of each inbound message of the endpoint.
			 */
			public static class Messages {

				/**
				 * Whether each inbound message's callback runs in a multiws.message
				 * observation.
				 */
				private @Nullable Boolean enabled;

				public @Nullable Boolean getEnabled() {
					return this.enabled;
				}

				public void setEnabled(@Nullable Boolean enabled) {
					this.enabled = enabled;
				}

			}

		}

	}

	/**
	 * The browser client, multi-ws.js, that the application serves.
	 */
	public static class ClientScript {

		/**
		 * Whether to serve the browser client at /multi-ws/client.js, with its TypeScript
		 * declarations at /multi-ws/client.d.ts.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Cluster settings: one hub across many instances of the application, through Redis
	 * pub/sub.
	 */
	public static class Cluster {

		/**
		 * Whether to relay broadcasts to the other instances of the application through
		 * Redis pub/sub (needs Spring Data Redis with Lettuce).
		 */
		private boolean enabled;

		/**
		 * Prefix of every Redis channel of the relay; the instances that share it form one
		 * cluster.
		 */
		private String channelPrefix = "multi-ws:";

		/**
		 * Identifier of this instance, unique in the cluster; a random one when not set.
		 */
		private @Nullable String instanceId;

		/**
		 * Interval between heartbeats, which publish this instance's session counts and
		 * check that Redis answers.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(2);

		/**
		 * Time after its last heartbeat after which the sessions of a silent (crashed)
		 * instance are no longer counted.
		 */
		private Duration instanceExpiry = Duration.ofSeconds(10);

		/**
		 * Maximum number of broadcasts handed to Redis and not yet acknowledged; past it,
		 * broadcasts to other instances are dropped and counted as lost.
		 */
		private int maxPendingPublishes = 10_000;

		/**
		 * Maximum interval between attempts to connect to Redis again while it cannot be
		 * reached.
		 */
		private Duration maxRetryInterval = Duration.ofSeconds(10);

		/**
		 * Whether to relay through sharded pub/sub (SPUBLISH and SSUBSCRIBE) on a Redis
		 * Cluster whose masters all run Redis 7.0 or newer, rather than classic pub/sub,
		 * which every node of a cluster forwards to every other.
		 */
		private boolean shardedPubSub = true;

		/**
		 * Maximum size a history hub's Redis stream keeps beyond the hub's history
		 * max-bytes, for instances that read it late, as Redis counts its memory; a
		 * broadcast that does not fit on its own is dropped.
		 */
		private DataSize historyDeliveryMargin = DataSize.ofMegabytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getChannelPrefix() {
			return this.channelPrefix;
		}

		public void setChannelPrefix(String channelPrefix) {
			this.channelPrefix = channelPrefix;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getInstanceExpiry() {
			return this.instanceExpiry;
		}

		public void setInstanceExpiry(Duration instanceExpiry) {
			this.instanceExpiry = instanceExpiry;
		}

		public int getMaxPendingPublishes() {
			return this.maxPendingPublishes;
		}

		public void setMaxPendingPublishes(int maxPendingPublishes) {
			this.maxPendingPublishes = maxPendingPublishes;
		}

		public Duration getMaxRetryInterval() {
			return this.maxRetryInterval;
		}

		public void setMaxRetryInterval(Duration maxRetryInterval) {
			this.maxRetryInterval = maxRetryInterval;
		}

		public boolean isShardedPubSub() {
			return this.shardedPubSub;
		}

		public void setShardedPubSub(boolean shardedPubSub) {
			this.shardedPubSub = shardedPubSub;
		}

		public DataSize getHistoryDeliveryMargin() {
			return this.historyDeliveryMargin;
		}

		public void setHistoryDeliveryMargin(DataSize historyDeliveryMargin) {
			this.historyDeliveryMargin = historyDeliveryMargin;
		}

	}

	/**
	 * Admission control: a cap on sessions overall, per-client limits and inbound rate
	 * limits. A client is its authenticated user when there is one, else the address of
	 * its connection's peer or, when the peer is a trusted proxy, the rightmost forwarded
	 * address that is not one.
	 */
	public static class Limits {

		/**
		 * Maximum number of sessions of all hubs together, an upgrade past it refused with
		 * 503; when not set, the web server's connection limit less a tenth (at least 10)
		 * for plain HTTP, or without one half the heap at 96 KB a session.
		 */
		private @Nullable Integer maxSessions;

		/**
		 * Maximum number of sessions of one client, an upgrade past it refused with 429;
		 * zero disables the limit.
		 */
		private int maxSessionsPerClient = 100;

		/**
		 * Maximum number of upgrade requests of one client per second after a burst of as
		 * many, one past it refused with 429 and Retry-After; zero disables the limit.
		 */
		private int maxHandshakesPerClientPerSecond = 20;

		/**
		 * Maximum number of clients whose sessions and handshake rate are tracked at once,
		 * past which idle ones are forgotten and, while none is idle, new clients refused
		 * with 503.
		 */
		private int maxTrackedClients = 100_000;

		/**
		 * Whether unauthenticated clients connecting from one of the exempt addresses are
		 * exempt from the per-client limits; false empties exempt-addresses.
		 */
		private boolean exemptLoopback = true;

		/**
		 * Peer addresses and CIDR ranges whose unauthenticated clients are exempt from the
		 * per-client limits (never from the inbound rates) when no proxy forwarded them,
		 * such as a reverse proxy on the same host that forwards no address, or local load
		 * tests.
		 */
		private List<String> exemptAddresses = new ArrayList<>(ClientAddresses.LOOPBACK);

		/**
		 * Addresses and CIDR ranges of the reverse proxies whose forwarding header is
		 * believed: behind them, a client is the rightmost forwarded address that is not a
		 * trusted proxy, whatever server.forward-headers-strategy takes.
		 */
		private List<String> trustedProxies = new ArrayList<>(ClientAddresses.LOOPBACK);

		/**
		 * Header that the trusted proxies append the client's address to: "x-forwarded-for"
		 * or "forwarded" (RFC 7239, its "for" parameter).
		 */
		private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;

		/**
		 * Maximum number of messages one session may send per second after a burst of as
		 * many; zero disables the limit.
		 */
		private int maxInboundMessagesPerSecond = 100;

		/**
		 * Maximum payload bytes one session may send per second after a burst of as many;
		 * zero disables the limit.
		 */
		private DataSize maxInboundBytesPerSecond = DataSize.ofMegabytes(1);

		/**
		 * What to do with an inbound message over the rate: "close" closes the session
		 * with 1008, "drop-newest" drops the message and counts it.
		 */
		private OverflowPolicy inboundOverflowPolicy = OverflowPolicy.CLOSE;

		public @Nullable Integer getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(@Nullable Integer maxSessions) {
			this.maxSessions = maxSessions;
		}

		public int getMaxSessionsPerClient() {
			return this.maxSessionsPerClient;
		}

		public void setMaxSessionsPerClient(int maxSessionsPerClient) {
			this.maxSessionsPerClient = maxSessionsPerClient;
		}

		public int getMaxHandshakesPerClientPerSecond() {
			return this.maxHandshakesPerClientPerSecond;
		}

		public void setMaxHandshakesPerClientPerSecond(int maxHandshakesPerClientPerSecond) {
			this.maxHandshakesPerClientPerSecond = maxHandshakesPerClientPerSecond;
		}

		public int getMaxTrackedClients() {
			return this.maxTrackedClients;
		}

		public void setMaxTrackedClients(int maxTrackedClients) {
			this.maxTrackedClients = maxTrackedClients;
		}

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "multi-ws.limits.exempt-addresses", since = "0.1.0",
				reason = "Set multi-ws.limits.exempt-addresses, empty for none")
		public boolean isExemptLoopback() {
			return this.exemptLoopback;
		}

		@Deprecated(since = "0.1.0")
		public void setExemptLoopback(boolean exemptLoopback) {
			this.exemptLoopback = exemptLoopback;
		}

		public List<String> getExemptAddresses() {
			return this.exemptAddresses;
		}

		public void setExemptAddresses(List<String> exemptAddresses) {
			this.exemptAddresses = exemptAddresses;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public ForwardedHeader getForwardedHeader() {
			return this.forwardedHeader;
		}

		public void setForwardedHeader(ForwardedHeader forwardedHeader) {
			this.forwardedHeader = forwardedHeader;
		}

		public int getMaxInboundMessagesPerSecond() {
			return this.maxInboundMessagesPerSecond;
		}

		public void setMaxInboundMessagesPerSecond(int maxInboundMessagesPerSecond) {
			this.maxInboundMessagesPerSecond = maxInboundMessagesPerSecond;
		}

		public DataSize getMaxInboundBytesPerSecond() {
			return this.maxInboundBytesPerSecond;
		}

		public void setMaxInboundBytesPerSecond(DataSize maxInboundBytesPerSecond) {
			this.maxInboundBytesPerSecond = maxInboundBytesPerSecond;
		}

		public OverflowPolicy getInboundOverflowPolicy() {
			return this.inboundOverflowPolicy;
		}

		public void setInboundOverflowPolicy(OverflowPolicy inboundOverflowPolicy) {
			this.inboundOverflowPolicy = inboundOverflowPolicy;
		}

	}

	/**
	 * The {@code multiws} Actuator endpoint.
	 */
	public static class Actuator {

		/**
		 * Whether the multiws Actuator endpoint has a write operation that closes a hub,
		 * sending 1001 to its sessions.
		 */
		private boolean hubCloseEnabled;

		public boolean isHubCloseEnabled() {
			return this.hubCloseEnabled;
		}

		public void setHubCloseEnabled(boolean hubCloseEnabled) {
			this.hubCloseEnabled = hubCloseEnabled;
		}

	}

	/**
	 * Observations (Micrometer Observation API: traces, and timers through the meter
	 * handler) of multi-ws, with an ObservationRegistry. Each upgrade's checks run in a
	 * multiws.handshake observation.
	 */
	public static class Observations {

		private final Messages messages = new Messages();

		public Messages getMessages() {
			return this.messages;
		}

		/**
		 * The observation of each inbound message.
		 */
		public static class Messages {

			/**
			 * Whether each inbound message's callback runs in a multiws.message observation,
			 * with its trace in scope; off by default (as Spring Kafka's
			 * spring.kafka.listener.observation-enabled), since it costs far more than the
			 * message's meters.
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

}
