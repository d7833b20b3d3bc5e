package io.multiws.test;

import java.time.Duration;
import java.util.function.Supplier;

import io.multiws.hub.WsHub;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a {@link WsHub}. Session counts change as clients connect and
 * close on other threads, so {@link #hasSessions} waits for its count up to a timeout.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHubAssert extends AbstractAssert<WsHubAssert, WsHub> {

	private final @Nullable Supplier<@Nullable WsHub> current;

	private final Duration timeout;

	WsHubAssert(WsHub hub, @Nullable Supplier<@Nullable WsHub> current, Duration timeout) {
		super(hub, WsHubAssert.class);
		this.current = current;
		this.timeout = timeout;
	}

	/**
	 * Verify the number of local sessions of the hub, waiting for it up to the timeout.
	 * @param count the expected number
	 * @return this assertion
	 */
	public WsHubAssert hasSessions(int count) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> size() == count)) {
			failWithMessage("Expected hub %s to have %s sessions within %s but it has %s", this.actual.path(), count,
					this.timeout, size());
		}
		return this;
	}

	/**
	 * Verify the endpoint that serves the hub.
	 * @param endpoint the endpoint name
	 * @return this assertion
	 */
	public WsHubAssert belongsTo(String endpoint) {
		isNotNull();
		if (!this.actual.endpoint().equals(endpoint)) {
			failWithMessage("Expected hub %s to belong to endpoint '%s' but it belongs to '%s'", this.actual.path(),
					endpoint, this.actual.endpoint());
		}
		return this;
	}

	/**
	 * Verify a path variable of the hub.
	 * @param name the variable name
	 * @param value the expected value
	 * @return this assertion
	 */
	public WsHubAssert hasVariable(String name, String value) {
		isNotNull();
		if (!value.equals(this.actual.variables().get(name))) {
			failWithMessage("Expected hub %s to have variable %s=%s but its variables are %s", this.actual.path(), name,
					value, this.actual.variables());
		}
		return this;
	}

	/**
	 * Verify an attribute of the hub.
	 * @param name the attribute name
	 * @param value the expected value
	 * @return this assertion
	 */
	public WsHubAssert hasAttribute(String name, Object value) {
		isNotNull();
		if (!value.equals(this.actual.attributes().get(name))) {
			failWithMessage("Expected hub %s to have attribute %s=%s but its attributes are %s", this.actual.path(),
					name, value, this.actual.attributes());
		}
		return this;
	}

	/**
	 * Continue with assertions on the hub's history, kept when its endpoint sets
	 * {@code multi-ws.endpoints.<name>.history.size}.
	 * <pre class="code">
	 * assertThat(hubs).hub("/games/1").history().hasSize(3);
	 * </pre>
	 * @return assertions on the history
	 * @since 0.2.0
	 */
	public WsHubHistoryAssert history() {
		isNotNull();
		return new WsHubHistoryAssert(this.actual.path(), () -> hub().history(), this.timeout);
	}

	/**
	 * Continue with assertions on who is in the hub, kept when its endpoint sets
	 * {@code multi-ws.endpoints.<name>.presence.enabled}.
	 * <pre class="code">
	 * assertThat(hubs).hub("/games/1").presence().containsOnlyKeys("alice", "bob");
	 * </pre>
	 * @return assertions on the presence
	 * @since 0.2.0
	 */
	public WsPresenceAssert presence() {
		isNotNull();
		try {
			this.actual.presence();
		}
		catch (IllegalStateException ex) {
			failWithMessage("Expected hub %s to track presence: %s", this.actual.path(), ex.getMessage());
		}
		return new WsPresenceAssert("the presence of " + this.actual.path(), () -> hub().presence(), this.timeout);
	}

	private int size() {
		WsHub hub = (this.current != null) ? this.current.get() : this.actual;
		return (hub != null) ? hub.size() : 0;
	}

	private WsHub hub() {
		WsHub hub = (this.current != null) ? this.current.get() : null;
		return (hub != null) ? hub : this.actual;
	}

}
