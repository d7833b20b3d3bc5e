package io.multiws.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.multiws.core.DefaultWsHubs;
import io.multiws.core.EndpointSettings;
import io.multiws.core.ReplySettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.features.HistoryBudget;
import io.multiws.features.HubFeatures;
import io.multiws.features.HubHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubCreatedEvent;
import io.multiws.hub.WsHubRemovedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.context.event.EventListener;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The {@code multiws} Actuator endpoint: the WebSocket endpoints with their limits, the
 * live hub and session counts, the largest hubs, the relay's mode, and the memory budget of
 * hub histories with the largest histories kept for emptied hubs;
 * {@code /actuator/multiws/{endpoint}}
 * pages through the hubs of one endpoint. Closing a hub is the job of
 * {@link MultiWsWritableEndpoint}, registered instead only when enabled.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@Endpoint(id = "multiws")
public class MultiWsEndpoint {

	/**
	 * The number of hubs the overview lists as the largest.
	 */
	public static final int LARGEST_HUBS = 10;

	/**
	 * The number of histories of emptied hubs the overview lists, the largest.
	 */
	public static final int LARGEST_EMPTIED_HISTORIES = 10;

	/**
	 * The default page size of an endpoint's hubs.
	 */
	public static final int DEFAULT_PAGE_SIZE = 50;

	private static final int MAX_PAGE_SIZE = 500;

	private final DefaultWsHubs hubs;

	private final Supplier<RelayDescriptor> relay;

	private final HubDescriptions descriptions;

	/**
	 * Create an endpoint of an application without a cluster relay.
	 * @param hubs the hub registry
	 * @param clock the clock of hub ages
	 */
	public MultiWsEndpoint(DefaultWsHubs hubs, Clock clock) {
		this(hubs, clock, () -> RelayDescriptor.LOCAL);
	}

	/**
	 * Create an endpoint.
	 * @param hubs the hub registry
	 * @param clock the clock of hub ages
	 * @param relay describes the relay when asked
	 * @since 0.2.0
	 */
	public MultiWsEndpoint(DefaultWsHubs hubs, Clock clock, Supplier<RelayDescriptor> relay) {
		this.hubs = hubs;
		this.relay = relay;
		this.descriptions = new HubDescriptions(clock);
	}

	/**
	 * Describe the WebSocket endpoints and their hubs.
	 * @return the overview
	 */
	@ReadOperation
	public MultiWsDescriptor multiws() {
		Collection<WsHub> live = this.hubs.hubs();
		List<EndpointDescriptor> endpoints = new ArrayList<>();
		for (WsEndpointDefinition endpoint : this.hubs.mappings().endpoints()) {
			List<WsHub> own = live.stream().filter((hub) -> hub.endpoint().equals(endpoint.name())).toList();
			endpoints.add(new EndpointDescriptor(endpoint.name(),
					endpoint.patterns().stream().map(PathPattern::getPatternString).toList(),
					LimitsDescriptor.of(endpoint.settings(), endpoint.replies()), own.size(), sessions(own)));
		}
		List<HubSummary> largest = live.stream()
			.sorted(Comparator.comparingInt(WsHub::size).reversed().thenComparing(WsHub::path))
			.limit(LARGEST_HUBS)
			.map((hub) -> new HubSummary(hub.endpoint(), hub.path(), hub.size()))
			.toList();
		return new MultiWsDescriptor(endpoints, live.size(), sessions(live), largest, this.relay.get(), history());
	}

	private HistoryDescriptor history() {
		HubFeatures features = this.hubs.features();
		HistoryBudget budget = features.historyBudget();
		List<HubHistory> emptied = features.emptiedHistories();
		long emptiedBytes = 0;
		List<EmptiedHistoryDescriptor> described = new ArrayList<>(emptied.size());
		for (HubHistory history : emptied) {
			long bytes = history.retainedBytes();
			emptiedBytes += bytes;
			described.add(new EmptiedHistoryDescriptor(history.path(), history.size(), bytes,
					Instant.ofEpochMilli(history.detachedMillis())));
		}
		List<EmptiedHistoryDescriptor> largest = described.stream()
			.sorted(Comparator.comparingLong(EmptiedHistoryDescriptor::bytes).reversed())
			.limit(LARGEST_EMPTIED_HISTORIES)
			.toList();
		return new HistoryDescriptor(budget.maxBytes(), budget.usedBytes(), emptied.size(), emptiedBytes,
				budget.evictedHistories(), budget.evictedEntries(), largest);
	}

	/**
	 * Page through the hubs of one endpoint, largest first.
	 * @param endpoint the endpoint name
	 * @param page the page, from 0
	 * @param size the page size
	 * @return the hubs, or {@code null} (404) for an unknown endpoint
	 */
	@ReadOperation
	public @Nullable EndpointHubsDescriptor endpointHubs(@Selector String endpoint, @Nullable Integer page,
			@Nullable Integer size) {
		if (this.hubs.mappings().endpoints().stream().noneMatch((candidate) -> candidate.name().equals(endpoint))) {
			return null;
		}
		int pageNumber = Math.max(0, (page != null) ? page : 0);
		int pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, (size != null) ? size : DEFAULT_PAGE_SIZE));
		List<WsHub> own = this.hubs.hubs(endpoint)
			.stream()
			.sorted(Comparator.comparingInt(WsHub::size).reversed().thenComparing(WsHub::path))
			.toList();
		Instant now = this.descriptions.now();
		List<HubDescriptor> hubs = own.stream()
			.skip((long) pageNumber * pageSize)
			.limit(pageSize)
			.map((hub) -> this.descriptions.describe(hub, now))
			.toList();
		return new EndpointHubsDescriptor(endpoint, pageNumber, pageSize, own.size(), sessions(own), hubs);
	}

	private static long sessions(Collection<WsHub> hubs) {
		long sessions = 0;
		for (WsHub hub : hubs) {
			sessions += hub.size();
		}
		return sessions;
	}

	/**
	 * Record when a hub was created, for its age.
	 * @param event the event
	 */
	@EventListener
	public void hubCreated(WsHubCreatedEvent event) {
		this.descriptions.created(event.getHub());
	}

	/**
	 * Forget a removed hub.
	 * @param event the event
	 */
	@EventListener
	public void hubRemoved(WsHubRemovedEvent event) {
		this.descriptions.removed(event.getHub());
	}

	/**
	 * Return the hub registry.
	 * @return the hubs
	 */
	protected DefaultWsHubs getHubs() {
		return this.hubs;
	}

	/**
	 * The overview.
	 *
	 * @param endpoints the WebSocket endpoints
	 * @param hubs the number of live hubs on this instance
	 * @param sessions the number of open sessions on this instance
	 * @param largestHubs the largest hubs
	 * @param relay how broadcasts reach the other instances
	 * @param history the memory budget of hub histories and what it holds
	 */
	public record MultiWsDescriptor(List<EndpointDescriptor> endpoints, int hubs, long sessions,
			List<HubSummary> largestHubs, RelayDescriptor relay,
			HistoryDescriptor history) implements OperationResponseBody {

	}

	/**
	 * The memory budget of hub histories ({@code multi-ws.history.max-total-bytes}).
	 *
	 * @param maxTotalBytes the budget, in bytes of heap
	 * @param usedBytes the heap the histories of live and emptied hubs hold together
	 * @param emptiedHistories the number of histories kept for emptied hubs
	 * @param emptiedBytes the heap those hold
	 * @param evictedHistories the histories of emptied hubs evicted to stay within the
	 * budget
	 * @param evictedEntries the messages of live hubs' histories evicted to stay within
	 * the budget
	 * @param largestEmptied the largest histories kept for emptied hubs
	 */
	public record HistoryDescriptor(long maxTotalBytes, long usedBytes, int emptiedHistories, long emptiedBytes,
			long evictedHistories, long evictedEntries, List<EmptiedHistoryDescriptor> largestEmptied) {

	}

	/**
	 * The history kept for an emptied hub.
	 *
	 * @param path the hub path
	 * @param messages the messages it keeps
	 * @param bytes the heap it holds
	 * @param emptiedAt when its hub was removed
	 */
	public record EmptiedHistoryDescriptor(String path, int messages, long bytes, Instant emptiedAt) {

	}

	/**
	 * One WebSocket endpoint.
	 *
	 * @param name the endpoint name
	 * @param patterns its path patterns
	 * @param limits the limits in force
	 * @param hubs its live hubs
	 * @param sessions its open sessions
	 */
	public record EndpointDescriptor(String name, List<String> patterns, LimitsDescriptor limits, int hubs,
			long sessions) {

	}

	/**
	 * The limits in force for an endpoint.
	 *
	 * @param maxHubs the maximum number of live hubs
	 * @param maxSessionsPerHub the maximum number of sessions of one hub
	 * @param maxTextMessageSize the maximum inbound text message size, in bytes
	 * @param maxBinaryMessageSize the maximum inbound binary message size, in bytes
	 * @param sendBufferSize the maximum size queued for one session
	 * @param sendTimeLimit the maximum time one write may take
	 * @param overflowPolicy what happens when a session's queue is full
	 * @param hubEmptyTimeout how long an empty hub is kept
	 * @param requireAuthentication whether upgrades need an authenticated user
	 * @param subprotocols the accepted subprotocols
	 * @param replies whether requests and replies are enabled
	 * @param maxPendingRequests the maximum number of requests pending per session in each
	 * direction, 0 without replies
	 */
	public record LimitsDescriptor(int maxHubs, int maxSessionsPerHub, int maxTextMessageSize,
			int maxBinaryMessageSize, int sendBufferSize, Duration sendTimeLimit, String overflowPolicy,
			Duration hubEmptyTimeout, boolean requireAuthentication, List<String> subprotocols, boolean replies,
			int maxPendingRequests) {

		static LimitsDescriptor of(EndpointSettings settings, ReplySettings replies) {
			return new LimitsDescriptor(settings.maxHubs(), settings.maxSessionsPerHub(),
					settings.maxTextMessageSize(), settings.maxBinaryMessageSize(), settings.sendBufferSize(),
					settings.sendTimeLimit(), settings.overflowPolicy().name(), settings.hubEmptyTimeout(),
					settings.requireAuthentication(), settings.subprotocols(), replies.enabled(),
					replies.enabled() ? replies.maxPending() : 0);
		}

	}

	/**
	 * A hub in the overview.
	 *
	 * @param endpoint the endpoint name
	 * @param path the hub path
	 * @param sessions its local sessions
	 */
	public record HubSummary(String endpoint, String path, int sessions) {

	}

	/**
	 * One page of an endpoint's hubs.
	 *
	 * @param endpoint the endpoint name
	 * @param page the page, from 0
	 * @param size the page size
	 * @param total the number of live hubs of the endpoint
	 * @param sessions the number of open sessions of the endpoint
	 * @param hubs the hubs of this page, largest first
	 */
	public record EndpointHubsDescriptor(String endpoint, int page, int size, int total, long sessions,
			List<HubDescriptor> hubs) implements OperationResponseBody {

	}

	/**
	 * One hub.
	 *
	 * @param path the hub path
	 * @param sessions its local sessions
	 * @param createdAt when it was created, if known
	 * @param ageMillis its age in milliseconds, if known
	 * @param droppedMessages the messages its open sessions dropped
	 * @param queuedBytes the bytes queued for its sessions (UTF-8 for text)
	 * @param historyMessages the broadcasts its history keeps, 0 without history
	 * @param historyBytes the bytes its history keeps, counted in the memory budget
	 * @param pendingRequests the requests sent to its sessions that wait for their reply
	 * @param requestsInProgress the requests of its sessions not answered yet
	 * @param variables its path variables
	 */
	public record HubDescriptor(String path, int sessions, @Nullable Instant createdAt, @Nullable Long ageMillis,
			long droppedMessages, long queuedBytes, int historyMessages, long historyBytes, long pendingRequests,
			long requestsInProgress, Map<String, String> variables) {

	}

}
