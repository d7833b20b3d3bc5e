package io.multiws.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * The messages of one {@link WsReceiver}: what is still to take, in order, a history for
 * failure messages, and the close status. Each frame is read once as it arrives, through
 * the envelope of its endpoint, so that messages and signals (presence, gaps) can be
 * taken apart, each kind in its order.
 *
 * @author multi-ws team
 */
final class ReceivedMessages implements WsReceiver {

	private static final int DESCRIBED_LENGTH = 200;

	private static final Predicate<Object> ANY = (read) -> true;

	private final String description;

	private final Duration timeout;

	private final TestJson json;

	private final FrameFormat format;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<Received> pending = new LinkedList<>();

	private final Queue<Object> history = new ConcurrentLinkedQueue<>();

	/**
	 * The members as the presence frames received so far tell them, guarded by the lock.
	 */
	private final Map<String, WsPresenceMember> presence = new LinkedHashMap<>();

	private final CompletableFuture<WsCloseStatus> closeStatus = new CompletableFuture<>();

	ReceivedMessages(String description, Duration timeout, TestJson json, FrameFormat format) {
		this.description = description;
		this.timeout = timeout;
		this.json = json;
		this.format = format;
	}

	void add(Object frame) {
		Received received = new Received(frame, this.format.read(frame, this.description, this.json));
		this.history.add(frame);
		this.lock.lock();
		try {
			this.pending.add(received);
			if (received.read() instanceof WsPresenceFrame presenceFrame) {
				apply(presenceFrame);
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void apply(WsPresenceFrame frame) {
		if (frame.type() == WsPresenceFrame.Type.STATE) {
			this.presence.clear();
		}
		frame.leaves().forEach(this.presence::remove);
		frame.members().forEach((member) -> this.presence.put(member.key(), member));
	}

	void closed(int code, String reason) {
		this.closeStatus.complete(new WsCloseStatus(code, reason));
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isClosed() {
		return this.closeStatus.isDone();
	}

	CompletableFuture<WsCloseStatus> closeFuture() {
		return this.closeStatus;
	}

	@Override
	public String awaitText() {
		return awaitText(this.timeout);
	}

	@Override
	public String awaitText(Duration timeout) {
		Object frame = next("a text message", ANY, timeout).frame();
		if (frame instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message on " + this.description + " but got " + describe(frame));
	}

	@Override
	public List<String> awaitTexts(int count) {
		List<String> texts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			texts.add(awaitText());
		}
		return texts;
	}

	@Override
	public byte[] awaitBinary() {
		Object frame = next("a binary message", ANY, this.timeout).frame();
		if (frame instanceof byte[] bytes) {
			return bytes;
		}
		throw new AssertionError("Expected a binary message on " + this.description + " but got " + describe(frame));
	}

	@Override
	public <T> T awaitJson(Class<T> type) {
		String text = awaitText();
		try {
			return type.cast(this.json.read(text, type));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Expected JSON of " + type.getSimpleName() + " on " + this.description + " but got "
					+ describe(text) + hint(text) + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public WsMessage awaitMessage() {
		return (WsMessage) next("a message", WsMessage.class::isInstance, this.timeout).read();
	}

	@Override
	public List<WsMessage> awaitMessages(int count) {
		List<WsMessage> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(awaitMessage());
		}
		return messages;
	}

	@Override
	public WsPresenceFrame awaitPresence() {
		return (WsPresenceFrame) next("a presence frame", WsPresenceFrame.class::isInstance, this.timeout).read();
	}

	@Override
	public List<WsPresenceMember> presence() {
		this.lock.lock();
		try {
			return List.copyOf(this.presence.values());
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long awaitGap() {
		return ((FrameFormat.Gap) next("a gap: signal", FrameFormat.Gap.class::isInstance, this.timeout).read())
			.oldestKeptId();
	}

	@Override
	public void expectNoMessage(Duration window) {
		Object message = poll(window);
		if (message != null) {
			throw new AssertionError(
					"Expected no message on " + this.description + " within " + window + " but got " + describe(message));
		}
	}

	@Override
	public int awaitCloseCode() {
		return awaitCloseStatus().code();
	}

	@Override
	public WsCloseStatus awaitCloseStatus() {
		WsCloseStatus status = closeStatusWithin(this.timeout);
		if (status == null) {
			throw new AssertionError(this.description + " did not close within " + this.timeout + "; " + history());
		}
		return status;
	}

	@Override
	public boolean closesWithin(Duration window) {
		return closeStatusWithin(window) != null;
	}

	private @Nullable WsCloseStatus closeStatusWithin(Duration window) {
		try {
			return this.closeStatus.get(window.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (ExecutionException ex) {
			throw new AssertionError(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	@Override
	public @Nullable String closeReason() {
		WsCloseStatus status = this.closeStatus.getNow(null);
		return (status != null) ? status.reason() : null;
	}

	@Override
	public List<Object> received() {
		return List.copyOf(this.history);
	}

	@Override
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public @Nullable Object poll(Duration window) {
		Received received = take(ANY, window, false);
		return (received != null) ? received.frame() : null;
	}

	private Received next(String expected, Predicate<Object> kind, Duration timeout) {
		Received received = take(kind, timeout, true);
		if (received == null) {
			throw new AssertionError("Expected " + expected + " on " + this.description + " within " + timeout
					+ ((isClosed()) ? " but the connection closed first; " : " but none came; ") + history()
					+ (this.format.isOfEndpoint() ? "; frames read with: " + this.format : ""));
		}
		return received;
	}

	/**
	 * Take the first pending frame of a kind, leaving the others in their order.
	 * @param kind which frames, by what they read as
	 * @param timeout how long to wait
	 * @param untilClosed whether to give up once the connection has closed
	 * @return the frame, or {@code null} if none came
	 */
	private @Nullable Received take(Predicate<Object> kind, Duration timeout, boolean untilClosed) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				Iterator<Received> pending = this.pending.iterator();
				while (pending.hasNext()) {
					Received received = pending.next();
					if (kind.test(received.read())) {
						pending.remove();
						return received;
					}
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || (untilClosed && isClosed())) {
					return null;
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private String history() {
		List<String> described = this.history.stream().map(ReceivedMessages::describe).toList();
		WsCloseStatus status = this.closeStatus.getNow(null);
		return "received before: " + described
				+ ((status != null) ? "; closed with " + status.code() + " '" + status.reason() + "'" : "; still open");
	}

	static String describe(Object message) {
		if (message instanceof byte[] bytes) {
			return "binary (" + bytes.length + " bytes)";
		}
		String text = message.toString();
		return "text '" + ((text.length() > DESCRIBED_LENGTH) ? text.substring(0, DESCRIBED_LENGTH) + "...'" : text + "'");
	}

	/**
	 * Return a hint for a text that failed an assertion on raw text because it carries a
	 * message id.
	 * @param text the text
	 * @return the hint, or an empty string
	 */
	static String hint(String text) {
		return FrameFormat.looksNumbered(text)
				? " (a broadcast with its message id, <id>:<payload>: awaitMessage() and receivedMessage() read the"
						+ " payload apart from the id)"
				: "";
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * A frame as it came, and what it reads as.
	 *
	 * @param frame the {@code String} or {@code byte[]}
	 * @param read a {@link WsMessage}, a {@link WsPresenceFrame} or a gap
	 */
	private record Received(Object frame, Object read) {

	}

}
