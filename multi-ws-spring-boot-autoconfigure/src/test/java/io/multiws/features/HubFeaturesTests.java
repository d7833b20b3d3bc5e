package io.multiws.features;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.hub.WsPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the history budget of {@link HubFeatures}: what is evicted, in which order,
 * and that what leaves the registry leaves the budget.
 *
 * @author multi-ws team
 */
class HubFeaturesTests {

	private static final HubFeatureSettings KEPT_AN_HOUR = new HubFeatureSettings(50, Duration.ofHours(1), 256 * 1024,
			true, false, false);

	private static final HubFeatureSettings NO_TTL = new HubFeatureSettings(50, Duration.ZERO, 256 * 1024, true,
			false, false);

	private static final String TEXT = "x".repeat(10_000);

	private final AtomicLong clock = new AtomicLong(1_000_000);

	/**
	 * Room for eleven and a half messages, and the histories themselves.
	 */
	private final HistoryBudget budget = new HistoryBudget(entryBytes() * 23 / 2 + 4 * HeapSize.history("/second"));

	private final HubFeatures features = new HubFeatures((event) -> {
	}, (payload) -> WsPayload.text(payload.toString()), this.clock::get, null, this.budget);

	@Test
	void emptiedHubsHistoriesGoFirstOldestFirstThenTheOldestMessagesOfLiveHubs() {
		HubHistory live = history("/live", KEPT_AN_HOUR, 3);
		HubHistory first = emptied("/first", 3);
		HubHistory second = emptied("/second", 3);
		HubHistory third = emptied("/third", 2);
		assertThat(this.budget.isExceeded()).isFalse();
		append(live, 1);
		this.features.reclaimHistories();
		assertThat(this.features.emptiedHistories()).as("the one emptied first goes first")
			.containsExactly(second, third);
		assertThat(first.size()).isZero();
		append(live, 3);
		this.features.reclaimHistories();
		assertThat(this.features.emptiedHistories()).containsExactly(third);
		assertThat(live.size()).isEqualTo(7);
		append(live, 4);
		this.features.reclaimHistories();
		assertThat(this.features.emptiedHistories()).isEmpty();
		assertThat(live.size()).as("then the oldest message of the live hub").isEqualTo(10);
		assertThat(live.entries().get(9).id()).isEqualTo(live.lastId());
		assertThat(this.budget.evictedHistories()).isEqualTo(3);
		assertThat(this.budget.evictedEntries()).isOne();
		assertThat(this.budget.usedBytes()).as("down to 90%% of the budget")
			.isLessThanOrEqualTo(this.budget.maxBytes() / 100 * 90);
	}

	@Test
	void liveHubsMessagesAreEvictedOldestFirstAcrossHubs() {
		HubHistory a = history("/a", KEPT_AN_HOUR, 0);
		HubHistory b = history("/b", KEPT_AN_HOUR, 0);
		for (int i = 0; i < 5; i++) {
			append(a, 1);
			append(b, 1);
		}
		long secondOfA = a.entries().get(1).id();
		long secondOfB = b.entries().get(1).id();
		append(b, 2);
		this.features.reclaimHistories();
		assertThat(a.entries().get(0).id()).as("a's first message was the oldest").isEqualTo(secondOfA);
		assertThat(b.entries().get(0).id()).as("then b's").isEqualTo(secondOfB);
		assertThat(a.size() + b.size()).isEqualTo(10);
	}

	@Test
	void aHistoryThatLeavesTheRegistryLeavesTheBudget() {
		HubHistory gone = emptied("/gone", 0);
		HubHistory withoutTtl = history("/no-ttl", NO_TTL, 2);
		this.features.hubRemoved("/no-ttl", NO_TTL, null);
		assertThat(withoutTtl.retainedBytes()).isZero();
		this.features.sweep();
		assertThat(this.features.historyCount()).as("the emptied history without entries").isZero();
		assertThat(gone.retainedBytes()).isZero();
		assertThat(this.budget.usedBytes()).isZero();
	}

	@Test
	void aNewHubOfAnEmptiedPathTakesItsHistoryBack() {
		HubHistory kept = emptied("/back", 2);
		assertThat(this.features.history("/back", KEPT_AN_HOUR)).isSameAs(kept);
		assertThat(this.features.emptiedHistories()).isEmpty();
	}

	private static long entryBytes() {
		HubHistory history = new HubHistory("/size", KEPT_AN_HOUR, () -> 1, HistoryBudget.unlimited());
		history.append(WsPayload.text(TEXT), (sent) -> 0);
		return history.retainedBytes();
	}

	private HubHistory emptied(String path, int messages) {
		HubHistory history = history(path, KEPT_AN_HOUR, messages);
		this.features.hubRemoved(path, KEPT_AN_HOUR, null);
		return history;
	}

	private HubHistory history(String path, HubFeatureSettings settings, int messages) {
		HubHistory history = this.features.history(path, settings);
		assertThat(history).isNotNull();
		append(history, messages);
		return history;
	}

	private void append(HubHistory history, int messages) {
		for (int i = 0; i < messages; i++) {
			this.clock.incrementAndGet();
			history.append(WsPayload.text(TEXT), (sent) -> 0);
		}
	}

}
