package io.multiws.features;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HubHistory}: its bounds, its ids and the replay a joiner gets, on a
 * clock of the test's own.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class HubHistoryTests {

	private final AtomicLong clock = new AtomicLong(1_000_000);

	@Test
	void keepsTheLastBroadcastsUpToTheSize() {
		HubHistory history = history(3, Duration.ZERO, 1000, false);
		for (int i = 0; i < 5; i++) {
			history.append(WsPayload.text("m" + i), (sent) -> 0);
		}
		assertThat(texts(history)).containsExactly("m2", "m3", "m4");
		assertThat(history.replayBytes()).isEqualTo(6);
		assertThat(history.retainedBytes()).as("the heap of three entries").isGreaterThan(3 * 6);
	}

	@Test
	void keepsNoMoreBytesThanTheBound() {
		HubHistory history = history(10, Duration.ZERO, 10, false);
		history.append(WsPayload.text("aaaa"), (sent) -> 0);
		history.append(WsPayload.text("bbbb"), (sent) -> 0);
		history.append(WsPayload.text("cccc"), (sent) -> 0);
		assertThat(texts(history)).containsExactly("bbbb", "cccc");
		history.append(WsPayload.text("x".repeat(11)), (sent) -> 0);
		assertThat(history.entries()).as("larger than the whole bound: nothing else fits either").isEmpty();
		assertThat(history.replayBytes()).isZero();
		assertThat(history.retainedBytes()).isZero();
	}

	@Test
	void theBoundCountsMessagesAsSentWithRoomForAGapSignal() {
		// "1000000001:" makes each 11 bytes longer; a replay may start with "gap:" and an id
		HubHistory history = history(10, Duration.ZERO, 2 * 15 + MessageIdFrame.GAP_BYTES, true);
		history.append(WsPayload.text("aaaa"), (sent) -> 0);
		history.append(WsPayload.text("bbbb"), (sent) -> 0);
		assertThat(history.replayBytes()).isEqualTo(30);
		history.append(WsPayload.text("c"), (sent) -> 0);
		assertThat(texts(history)).containsExactly("bbbb", "c");
		RecordingSession joiner = new RecordingSession("1");
		history.join(joiner, "1", () -> true, (joined) -> joined);
		assertThat(joiner.sent.stream().mapToInt((text) -> WsPayload.text(text).size()).sum())
			.as("a replay with a gap fits the bound").isLessThanOrEqualTo(2 * 15 + MessageIdFrame.GAP_BYTES);
	}

	@Test
	void aHistoryCountsTheHeapOfItsEntriesInTheBudgetUntilReleased() {
		HistoryBudget budget = new HistoryBudget(1 << 20);
		HubHistory history = new HubHistory("/chat/a", new HubFeatureSettings(2, Duration.ZERO, 100_000, true, false,
				false), this.clock::get, budget);
		long empty = budget.usedBytes();
		assertThat(empty).as("the history itself").isPositive();
		String text = "x".repeat(10_000);
		history.append(WsPayload.text(text), (sent) -> 0);
		long one = budget.usedBytes() - empty;
		assertThat(one).as("the id-prefixed text and its frame").isBetween(2L * 10_011, 2L * 10_011 + 300);
		assertThat(history.retainedBytes()).isEqualTo(one);
		history.append(WsPayload.text(text), (sent) -> 0);
		history.append(WsPayload.text(text), (sent) -> 0);
		assertThat(budget.usedBytes()).as("two kept").isEqualTo(empty + 2 * one);
		history.release();
		assertThat(budget.usedBytes()).isZero();
		history.append(WsPayload.text(text), (sent) -> 0);
		assertThat(budget.usedBytes()).as("released for good").isZero();
	}

	@Test
	void dropsBroadcastsOlderThanTheTtl() {
		HubHistory history = history(10, Duration.ofSeconds(60), 1000, false);
		history.append(WsPayload.text("old"), (sent) -> 0);
		this.clock.addAndGet(30_000);
		history.append(WsPayload.text("newer"), (sent) -> 0);
		this.clock.addAndGet(31_000);
		history.expire(this.clock.get());
		assertThat(texts(history)).containsExactly("newer");
		assertThat(history.entries().get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(1_030_000));
	}

	@Test
	void idsStartAtTheCreationTimeAndGrowByOne() {
		HubHistory history = history(10, Duration.ZERO, 1000, true);
		List<String> sent = new ArrayList<>();
		history.append(WsPayload.text("a"), (payload) -> sent.add(payload.asText()) ? 1 : 0);
		history.append(WsPayload.text("b"), (payload) -> sent.add(payload.asText()) ? 1 : 0);
		assertThat(sent).containsExactly("1000000001:a", "1000000002:b");
		assertThat(history.lastId()).isEqualTo(1_000_000_002L);
		assertThat(texts(history)).as("the application sees its payloads").containsExactly("a", "b");
	}

	@Test
	void aJoinerGetsEverythingOrWhatItMissedOrAGap() {
		HubHistory history = history(3, Duration.ZERO, 1000, true);
		for (int i = 1; i <= 5; i++) {
			history.append(WsPayload.text("m" + i), (sent) -> 0);
		}
		assertThat(join(history, null)).containsExactly("1000000003:m3", "1000000004:m4", "1000000005:m5");
		assertThat(join(history, "1000000003")).containsExactly("1000000004:m4", "1000000005:m5");
		assertThat(join(history, "1000000002")).as("the oldest kept follows directly")
			.containsExactly("1000000003:m3", "1000000004:m4", "1000000005:m5");
		assertThat(join(history, "1000000005")).isEmpty();
		assertThat(join(history, "1000000001")).containsExactly("gap:1000000003", "1000000003:m3", "1000000004:m4",
				"1000000005:m5");
		assertThat(join(history, "1000000009")).first().isEqualTo("gap:1000000003");
		assertThat(join(history, "not-an-id")).first().isEqualTo("gap:1000000003");
	}

	@Test
	void acceptsSharedBroadcastsOnceAndDropsWhatAHoleCutOff() {
		HubHistory history = history(10, Duration.ZERO, 1000, false);
		history.prime(List.of(new WsHistoryEntry(7, Instant.ofEpochMilli(1), WsPayload.text("seven"))), 7);
		List<String> delivered = new ArrayList<>();
		assertThat(history.accept(8, 2, WsPayload.text("eight"), (sent) -> delivered.add(sent.asText()) ? 1 : 0))
			.isOne();
		assertThat(history.accept(8, 2, WsPayload.text("eight"), (sent) -> delivered.add(sent.asText()) ? 1 : 0))
			.as("already seen")
			.isZero();
		history.accept(11, 3, WsPayload.text("eleven"), (sent) -> delivered.add(sent.asText()) ? 1 : 0);
		assertThat(delivered).containsExactly("eight", "eleven");
		assertThat(texts(history)).as("nothing kept leads up to the hole").containsExactly("eleven");
		assertThat(history.sharedPosition()).isEqualTo(11);
	}

	@Test
	void numbersPastAJumpWhenTheSharedStoreIsAway() {
		HubHistory history = history(10, Duration.ZERO, 1000, true);
		history.prime(List.of(), 40);
		assertThat(history.isNumberedHere()).isFalse();
		List<String> sent = new ArrayList<>();
		history.append(WsPayload.text("alone"), (payload) -> sent.add(payload.asText()) ? 1 : 0);
		assertThat(sent).containsExactly((41 + HistoryIds.LOCAL_ID_JUMP) + ":alone");
		assertThat(history.isNumberedHere()).isTrue();
		history.accept(41, 5, WsPayload.text("shared"), (payload) -> sent.add(payload.asText()) ? 1 : 0);
		assertThat(sent).as("back on the cluster's ids").endsWith("41:shared");
		assertThat(texts(history)).containsExactly("shared");
	}

	@Test
	void aPrimeFromAnEarlierReadOfTheStoreDoesNotUndoALaterOne() {
		HubHistory history = history(10, Duration.ZERO, 1000, true);
		history.prime(List.of(new WsHistoryEntry(7, Instant.ofEpochMilli(1), WsPayload.text("seven")),
				new WsHistoryEntry(8, Instant.ofEpochMilli(2), WsPayload.text("eight"))), 8);
		history.prime(List.of(new WsHistoryEntry(7, Instant.ofEpochMilli(1), WsPayload.text("seven"))), 7);
		assertThat(texts(history)).containsExactly("seven", "eight");
		assertThat(history.lastId()).isEqualTo(8);
	}

	@Test
	void theFirstBroadcastOfAStoreThatHadNoneIsNotAHole(CapturedOutput output) {
		HubHistory history = history(10, Duration.ZERO, 1000, true);
		history.prime(List.of(), 0);
		List<String> sent = new ArrayList<>();
		history.accept(1796662998813001L, 5, WsPayload.text("first"), (payload) -> sent.add(payload.asText()) ? 1 : 0);
		assertThat(sent).containsExactly("1796662998813001:first");
		assertThat(output).doesNotContain("trimmed");
	}

	private HubHistory history(int size, Duration ttl, int maxBytes, boolean ids) {
		return new HubHistory("/chat/a", new HubFeatureSettings(size, ttl, maxBytes, ids, false, false),
				this.clock::get, HistoryBudget.unlimited());
	}

	private static List<String> texts(HubHistory history) {
		return history.entries().stream().map((entry) -> entry.payload().asText()).toList();
	}

	private static List<String> join(HubHistory history, @Nullable String lastEventId) {
		RecordingSession session = new RecordingSession(lastEventId);
		assertThat(history.join(session, lastEventId, () -> true, (joined) -> joined)).isTrue();
		return session.sent;
	}

	private static final class RecordingSession implements WsSession {

		private final List<String> sent = new ArrayList<>();

		private final @Nullable String lastEventId;

		RecordingSession(@Nullable String lastEventId) {
			this.lastEventId = lastEventId;
		}

		@Override
		public boolean send(Object payload) {
			return this.sent.add(((WsPayload) payload).asText());
		}

		@Override
		public URI uri() {
			return URI.create("ws://localhost/chat/a"
					+ ((this.lastEventId != null) ? "?x=1&lastEventId=" + this.lastEventId : ""));
		}

		@Override
		public HttpHeaders handshakeHeaders() {
			return new HttpHeaders();
		}

		@Override
		public String id() {
			return "1";
		}

		@Override
		public WsHub hub() {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable Principal principal() {
			return null;
		}

		@Override
		public @Nullable String acceptedProtocol() {
			return null;
		}

		@Override
		public Map<String, Object> attributes() {
			return new ConcurrentHashMap<>();
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public long droppedMessages() {
			return 0;
		}

		@Override
		public void close(WsCloseStatus status) {
		}

		@Override
		public <T> @Nullable T unwrap(Class<T> type) {
			return null;
		}

	}

}
