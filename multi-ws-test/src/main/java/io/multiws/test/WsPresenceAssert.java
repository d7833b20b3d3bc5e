package io.multiws.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceMember;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a {@link WsPresence}: that of a hub, kept when its endpoint sets
 * {@code multi-ws.endpoints.<name>.presence.enabled}, or who is here as a test peer was
 * told by its presence frames. Members come and go with sessions on other threads (and,
 * with the Redis relay, on other instances), and clients are told in diffs once per tick,
 * so each assertion waits for its condition up to a timeout.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see WsHubAssert#presence()
 * @see WsReceiverAssert#seesPresence()
 */
public class WsPresenceAssert extends AbstractAssert<WsPresenceAssert, WsPresence> {

	private final String subject;

	private final Supplier<WsPresence> current;

	private final Duration timeout;

	WsPresenceAssert(String subject, Supplier<WsPresence> current, Duration timeout) {
		super(current.get(), WsPresenceAssert.class);
		this.subject = subject;
		this.current = current;
		this.timeout = timeout;
	}

	/**
	 * Verify that these keys are members, among others perhaps.
	 * @param keys the presence keys
	 * @return this assertion
	 */
	public WsPresenceAssert containsKeys(String... keys) {
		return waitFor((present) -> present.containsAll(Arrays.asList(keys)), "to contain " + Arrays.asList(keys));
	}

	/**
	 * Verify that these keys, and no other, are members.
	 * @param keys the presence keys
	 * @return this assertion
	 */
	public WsPresenceAssert containsOnlyKeys(String... keys) {
		Set<String> expected = new LinkedHashSet<>(Arrays.asList(keys));
		return waitFor((present) -> present.equals(expected), "to contain only " + expected);
	}

	/**
	 * Verify that none of these keys is a member.
	 * @param keys the presence keys
	 * @return this assertion
	 */
	public WsPresenceAssert doesNotContainKeys(String... keys) {
		return waitFor((present) -> Arrays.stream(keys).noneMatch(present::contains),
				"not to contain " + Arrays.asList(keys));
	}

	/**
	 * Verify the number of members (keys, not sessions).
	 * @param count the expected number
	 * @return this assertion
	 */
	public WsPresenceAssert hasSize(int count) {
		return waitFor((present) -> present.size() == count, "to have " + count + " members");
	}

	/**
	 * Continue with assertions on one member, once it is present.
	 * @param key the presence key
	 * @return assertions on the member: its metadata and session count
	 */
	public ObjectAssert<WsPresenceMember> member(String key) {
		containsKeys(key);
		WsPresenceMember member = members().stream().filter((candidate) -> candidate.key().equals(key)).findFirst()
			.orElseThrow();
		return Assertions.assertThat(member).as("member %s in %s", key, this.subject);
	}

	private WsPresenceAssert waitFor(Predicate<Set<String>> condition, String description) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> condition.test(keys()))) {
			failWithMessage("Expected %s %s within %s but its members are %s", this.subject, description,
					this.timeout, members());
		}
		return this;
	}

	private Set<String> keys() {
		Set<String> keys = new LinkedHashSet<>();
		members().forEach((member) -> keys.add(member.key()));
		return keys;
	}

	private List<WsPresenceMember> members() {
		return this.current.get().members();
	}

}
