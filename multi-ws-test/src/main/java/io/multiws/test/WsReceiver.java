package io.multiws.test;

import java.time.Duration;
import java.util.List;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * What a test peer of an endpoint received: a {@link WsTestConnection} over a real
 * socket, a {@link WsTestSession} of the in-process {@link WsEndpointTester}, or the
 * broadcasts of one of its hubs. Each {@code await} method takes the next message, waiting
 * up to {@link #timeout()}, and fails with an {@link AssertionError} that says what did
 * arrive.
 * <p>
 * The frames of an endpoint with message ids or presence frames come in an envelope
 * ({@code <id>:<payload>}, {@code gap:<id>}, <code>{"presence":...}</code>). The raw
 * methods ({@link #awaitText()}, {@link #awaitBinary()}, {@link #awaitJson(Class)},
 * {@link #poll(Duration)}) take the next frame, whatever it is, as it came. The
 * envelope-aware ones take the next frame of their kind and leave the others, in order,
 * to theirs: {@link #awaitMessage()} the next message (its id and payload apart),
 * {@link #awaitPresence()} the next presence frame, {@link #awaitGap()} the next
 * {@code gap:} signal. A test of messages thus does not trip on presence frames, and a
 * test of presence not on messages.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsAssertions#assertThat(WsReceiver)
 */
public interface WsReceiver {

	/**
	 * Take the next message, which must be text.
	 * @return the text
	 */
	String awaitText();

	/**
	 * Take the next message, which must be text, waiting up to a timeout of the test's
	 * choice instead of {@link #timeout()}: longer for a message that comes late by
	 * design, shorter to prove that it comes promptly.
	 * @param timeout how long to wait
	 * @return the text
	 */
	String awaitText(Duration timeout);

	/**
	 * Take the next messages, which must be text.
	 * @param count how many
	 * @return the texts, in order
	 */
	List<String> awaitTexts(int count);

	/**
	 * Take the next message, which must be binary.
	 * @return the bytes
	 */
	byte[] awaitBinary();

	/**
	 * Take the next message, which must be JSON text of the given type.
	 * @param <T> the type
	 * @param type the type
	 * @return the decoded value
	 */
	<T> T awaitJson(Class<T> type);

	/**
	 * Take the next message, leaving presence frames and {@code gap:} signals for
	 * {@link #awaitPresence()} and {@link #awaitGap()}: a broadcast of an endpoint with
	 * message ids comes with its id apart from its payload.
	 * @return the message
	 * @since 0.2.0
	 */
	WsMessage awaitMessage();

	/**
	 * Take the next messages, as {@link #awaitMessage()} does.
	 * @param count how many
	 * @return the messages, in order
	 * @since 0.2.0
	 */
	List<WsMessage> awaitMessages(int count);

	/**
	 * Take the next presence frame of an endpoint with
	 * {@code multi-ws.endpoints.<name>.presence.push-diffs}, leaving messages for
	 * {@link #awaitMessage()}.
	 * @return the frame: the state on join, then diffs
	 * @since 0.2.0
	 * @see WsPresenceFrame
	 */
	WsPresenceFrame awaitPresence();

	/**
	 * Return who is here as this peer was told so far: the presence state it received,
	 * with every diff received since applied, taken or not. Diffs coalesce the changes of
	 * a tick and the state is that of the last diff, so this converges on the hub's
	 * members rather than following each frame: assert on it with
	 * {@link WsReceiverAssert#seesPresence()}, which waits. A member's session count is
	 * the one it had when it was last told.
	 * @return the members, in the order they were told; empty before the state, or for
	 * a session that gets no presence frames
	 * @since 0.2.0
	 */
	List<WsPresenceMember> presence();

	/**
	 * Take the next {@code gap:<id>} signal: a client resumed from an id whose successors
	 * are no longer all kept, and every kept message follows.
	 * @return the id of the oldest message kept
	 * @since 0.2.0
	 */
	long awaitGap();

	/**
	 * Take the next message if one arrives within a window, without failing if none
	 * does: for tests that drain or search what arrives.
	 * @param window how long to wait
	 * @return the message, a {@code String} or a {@code byte[]}, or {@code null} if
	 * none arrived
	 */
	@Nullable Object poll(Duration window);

	/**
	 * Fail if a message arrives within a window.
	 * @param window how long to wait
	 */
	void expectNoMessage(Duration window);

	/**
	 * Wait for the connection to close.
	 * @return the close code
	 */
	int awaitCloseCode();

	/**
	 * Wait for the connection to close.
	 * @return the close code and reason, as the peer sent them
	 */
	WsCloseStatus awaitCloseStatus();

	/**
	 * Whether the connection closes within a window, without failing if it does not:
	 * for tests that act until the other side closes.
	 * @param window how long to wait
	 * @return {@code true} if closed
	 */
	boolean closesWithin(Duration window);

	/**
	 * Return the reason of the close, once closed.
	 * @return the reason, or {@code null} while open
	 */
	@Nullable String closeReason();

	/**
	 * Return every message received so far, taken or not, in order: {@code String}s and
	 * {@code byte[]}s.
	 * @return a snapshot of the messages
	 */
	List<Object> received();

	/**
	 * Return how long the {@code await} methods wait.
	 * @return the timeout
	 */
	Duration timeout();

}
