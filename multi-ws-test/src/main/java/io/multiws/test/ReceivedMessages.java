package io.multiws.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multiws.core.WsJsonCodec;
import io.multiws.hub.WsCloseStatus;
import org.jspecify.annotations.Nullable;

/**
 * The messages of one {@link WsReceiver}: a queue to take from, a history for failure
 * messages, and the close status.
 *
 * @author multi-ws team
 */
final class ReceivedMessages implements WsReceiver {

	private static final int DESCRIBED_LENGTH = 200;

	private final String description;

	private final Duration timeout;

	private final WsJsonCodec jsonCodec;

	private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();

	private final Queue<Object> history = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<WsCloseStatus> closeStatus = new CompletableFuture<>();

	ReceivedMessages(String description, Duration timeout, WsJsonCodec jsonCodec) {
		this.description = description;
		this.timeout = timeout;
		this.jsonCodec = jsonCodec;
	}

	void add(Object message) {
		this.history.add(message);
		this.pending.add(message);
	}

	void closed(int code, String reason) {
		this.closeStatus.complete(new WsCloseStatus(code, reason));
	}

	boolean isClosed() {
		return this.closeStatus.isDone();
	}

	@Override
	public String awaitText() {
		return awaitText(this.timeout);
	}

	@Override
	public String awaitText(Duration timeout) {
		Object message = next("a text message", timeout);
		if (message instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message on " + this.description + " but got " + describe(message));
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
		Object message = next("a binary message", this.timeout);
		if (message instanceof byte[] bytes) {
			return bytes;
		}
		throw new AssertionError(
				"Expected a binary message on " + this.description + " but got " + describe(message));
	}

	@Override
	public <T> T awaitJson(Class<T> type) {
		String text = awaitText();
		try {
			return type.cast(this.jsonCodec.read(text, type));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Expected JSON of " + type.getSimpleName() + " on " + this.description
					+ " but got " + describe(text) + ": " + ex.getMessage(), ex);
		}
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

	private Object next(String expected, Duration timeout) {
		Object message = poll(timeout);
		if (message == null) {
			throw new AssertionError("Expected " + expected + " on " + this.description + " within " + timeout
					+ " but none came; " + history());
		}
		return message;
	}

	@Override
	public @Nullable Object poll(Duration wait) {
		try {
			return this.pending.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private String history() {
		List<String> described = this.history.stream().map(ReceivedMessages::describe).toList();
		WsCloseStatus status = this.closeStatus.getNow(null);
		return "received before: " + described + ((status != null)
				? "; closed with " + status.code() + " '" + status.reason() + "'" : "; still open");
	}

	static String describe(Object message) {
		if (message instanceof byte[] bytes) {
			return "binary (" + bytes.length + " bytes)";
		}
		String text = message.toString();
		return "text '" + ((text.length() > DESCRIBED_LENGTH) ? text.substring(0, DESCRIBED_LENGTH) + "...'" : text + "'");
	}

	@Override
	public String toString() {
		return this.description;
	}

}
