package io.multiws.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsHubHistory;
import io.multiws.hub.WsPayload;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ assertions on the {@link WsHubHistory} of a hub, kept when its endpoint sets
 * {@code multi-ws.endpoints.<name>.history.size}. Broadcasts may come from other threads
 * (a REST call, another instance), so {@link #hasSize} and {@link #hasPayloads} wait for
 * their condition up to a timeout.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see WsHubAssert#history()
 */
public class WsHubHistoryAssert extends AbstractAssert<WsHubHistoryAssert, WsHubHistory> {

	private final String path;

	private final Supplier<WsHubHistory> current;

	private final Duration timeout;

	WsHubHistoryAssert(String path, Supplier<WsHubHistory> current, Duration timeout) {
		super(current.get(), WsHubHistoryAssert.class);
		this.path = path;
		this.current = current;
		this.timeout = timeout;
	}

	/**
	 * Verify that the hub's endpoint keeps a history.
	 * @return this assertion
	 */
	public WsHubHistoryAssert isEnabled() {
		isNotNull();
		if (!this.actual.isEnabled()) {
			failWithMessage("Expected hub %s to keep a history, but its endpoint sets no "
					+ "multi-ws.endpoints.<name>.history.size", this.path);
		}
		return this;
	}

	/**
	 * Verify the number of kept messages, waiting for it up to the timeout.
	 * @param count the expected number
	 * @return this assertion
	 */
	public WsHubHistoryAssert hasSize(int count) {
		isEnabled();
		if (!Waiting.until(this.timeout, () -> this.current.get().size() == count)) {
			failWithMessage("Expected the history of %s to keep %s messages within %s but it keeps %s: %s", this.path,
					count, this.timeout, this.current.get().size(), describe(this.current.get().entries()));
		}
		return this;
	}

	/**
	 * Verify the text payloads of the kept messages, oldest first, waiting for them up to
	 * the timeout.
	 * @param payloads the expected payloads, exactly
	 * @return this assertion
	 */
	public WsHubHistoryAssert hasPayloads(String... payloads) {
		isEnabled();
		List<String> expected = Arrays.asList(payloads);
		if (!Waiting.until(this.timeout, () -> payloads(this.current.get().entries()).equals(expected))) {
			failWithMessage("Expected the history of %s to keep %s within %s but it keeps %s", this.path, expected,
					this.timeout, describe(this.current.get().entries()));
		}
		return this;
	}

	/**
	 * Verify the id of the hub's last broadcast.
	 * @param id the expected id
	 * @return this assertion
	 */
	public WsHubHistoryAssert hasLastId(long id) {
		isEnabled();
		if (this.current.get().lastId() != id) {
			failWithMessage("Expected the last id of %s to be %s but it is %s", this.path, id,
					this.current.get().lastId());
		}
		return this;
	}

	/**
	 * Continue with assertions on the text payloads kept now, oldest first.
	 * @return assertions on the payloads
	 */
	public ListAssert<String> payloads() {
		isEnabled();
		return Assertions.assertThat(payloads(this.current.get().entries())).as("history of %s", this.path);
	}

	/**
	 * Continue with assertions on the entries kept now, oldest first.
	 * @return assertions on the entries
	 */
	public ListAssert<WsHistoryEntry> entries() {
		isEnabled();
		return Assertions.assertThat(this.current.get().entries()).as("history of %s", this.path);
	}

	private static List<String> payloads(List<WsHistoryEntry> entries) {
		return entries.stream().map(WsHistoryEntry::payload).map(WsHubHistoryAssert::text).toList();
	}

	private static String text(WsPayload payload) {
		return payload.isText() ? payload.asText() : "binary (" + payload.asBytes().length + " bytes)";
	}

	private static String describe(List<WsHistoryEntry> entries) {
		return entries.stream().map((entry) -> entry.id() + ":" + text(entry.payload())).toList().toString();
	}

}
